package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.Optional;

/**
 * A chassis's Sensors collection (Sensor.v1_x). Temperature sensors and fan sensors are read; the rest
 * (voltages, currents, energy, power of single components) are not samples of this collector.
 *
 * <p>A sensor says what it measures in {@code ReadingType} and in which unit in {@code ReadingUnits}
 * ("Cel", "RPM", "%"). Older sensors omit ReadingType, so the unit alone then decides. A
 * temperature in any unit but Cel is refused rather than stored as if it were Celsius.
 */
final class SensorsReader {
    private SensorsReader() {
    }

    static Findings read(Walk walk, URI url) throws CollectException {
        Findings found = new Findings();
        for (Resource sensor : walk.fetchMembers(url)) {
            Optional<String> type = sensor.text("ReadingType");
            String units = sensor.text("ReadingUnits").orElse(null);
            if (type.map("Temperature"::equals).orElse("Cel".equals(units))) {
                Units.expect(sensor, "ReadingUnits", units, "Cel");
                Optional<Double> celsius = sensor.number("Reading");
                if (celsius.isPresent()) {
                    found.add(Reading.temperature(sensor.name("Name"), sensor.text("PhysicalContext").orElse(""),
                            Units.celsius(celsius.get(), sensor, "Reading"), sensor.id()));
                }
                health(sensor, ReadingKind.TEMPERATURE, "temperature_sensor", found);
            } else if (type.map("Rotational"::equals).orElse("RPM".equals(units))) {
                Units.expect(sensor, "ReadingUnits", units, "RPM");
                Optional<Double> rpm = sensor.number("Reading");
                if (rpm.isPresent()) {
                    found.add(Reading.fanRpm(sensor.name("Name"), Units.rpm(rpm.get(), sensor, "Reading"), sensor.id()));
                }
                health(sensor, ReadingKind.FAN, "fan_sensor", found);
            } else if (type.map("Percent"::equals).orElse(false) && isFan(sensor)) {
                // a fan sensor since Sensor.v1_2: percent of full speed, with SpeedRPM beside it
                Units.expect(sensor, "ReadingUnits", units, "%");
                FanSpeed.read(sensor, sensor.name("Name"), sensor.id(), found);
                health(sensor, ReadingKind.FAN, "fan_sensor", found);
            }
        }
        return found;
    }

    private static boolean isFan(Resource sensor) throws CollectException {
        return sensor.text("PhysicalContext").map("Fan"::equals).orElse(false) || sensor.number("SpeedRPM").isPresent();
    }

    private static void health(Resource sensor, ReadingKind kind, String component, Findings found)
            throws CollectException {
        Optional<Status> status = sensor.status();
        if (status.isPresent()) {
            found.add(kind, new Health(sensor.id(), sensor.label("Name"), component, status.get()));
        }
    }
}
