package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.Optional;

/** The deprecated Thermal resource (Thermal.v1_x): Temperatures[] and Fans[]. */
final class ThermalReader {
    private ThermalReader() {
    }

    static Findings read(Walk walk, URI url) throws CollectException {
        Resource thermal = walk.fetch(url);
        Findings found = new Findings();
        for (Resource sensor : thermal.objects("Temperatures")) {
            Optional<Double> celsius = sensor.number("ReadingCelsius");
            if (celsius.isPresent()) {
                found.add(Reading.temperature(sensor.name("Name"), sensor.text("PhysicalContext").orElse(""),
                        Units.celsius(celsius.get(), sensor, "ReadingCelsius"), sensor.id()));
            }
            Optional<Status> status = sensor.status();
            if (status.isPresent()) {
                found.add(ReadingKind.TEMPERATURE, new Health(sensor.id(), sensor.label("Name"),
                        "temperature_sensor", status.get()));
            }
        }
        for (Resource fan : thermal.objects("Fans")) {
            readFan(fan, found);
        }
        return found;
    }

    /**
     * A fan's reading is {@code Reading} with {@code ReadingUnits} RPM or Percent; the first Thermal
     * versions had {@code ReadingRPM}, or {@code Reading} without units meaning RPM, and named fans by
     * {@code FanName}; HPE iLO 4 writes {@code CurrentReading} with {@code Units}. Any other unit is
     * refused, not guessed.
     */
    private static void readFan(Resource fan, Findings found) throws CollectException {
        String field = "Reading";
        String unitsField = "ReadingUnits";
        Optional<Double> value = fan.number(field);
        if (value.isEmpty() && fan.number("ReadingRPM").isPresent()) {
            field = "ReadingRPM";
            value = fan.number(field);
        } else if (value.isEmpty() && fan.number("CurrentReading").isPresent()) {
            field = "CurrentReading";
            unitsField = "Units";
            value = fan.number(field);
        }
        String units = field.equals("ReadingRPM") ? "RPM" : fan.text(unitsField).orElse("RPM");
        Units.expect(fan, unitsField, units, "RPM", "Percent");
        if (value.isPresent()) {
            String name = fan.name("Name", "FanName");
            found.add(units.equals("RPM")
                    ? Reading.fanRpm(name, Units.rpm(value.get(), fan, field), fan.id())
                    : Reading.fanRatio(name, Units.percentAsRatio(value.get(), fan, field), fan.id()));
        }
        Optional<Status> status = fan.status();
        if (status.isPresent()) {
            found.add(ReadingKind.FAN, new Health(fan.id(), fan.label("Name", "FanName"), "fan", status.get()));
        }
    }
}
