package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * ThermalSubsystem (ThermalSubsystem.v1_x): its ThermalMetrics (TemperatureReadingsCelsius[]) and its
 * Fans collection, each Fan with {@code SpeedPercent.Reading} (percent) and {@code SpeedPercent.SpeedRPM}.
 */
final class ThermalSubsystemReader {
    private ThermalSubsystemReader() {
    }

    static Findings read(Walk walk, URI url) throws CollectException {
        Resource subsystem = walk.fetch(url);
        Findings found = new Findings();
        Optional<URI> metrics = subsystem.link("ThermalMetrics");
        if (metrics.isPresent()) {
            List<Resource> temperatures = walk.fetch(metrics.get()).objects("TemperatureReadingsCelsius");
            for (Resource excerpt : temperatures) {
                Optional<Double> celsius = excerpt.number("Reading");
                if (celsius.isPresent()) {
                    found.add(Reading.temperature(SensorName.of(excerpt, "DeviceName", null),
                            excerpt.text("PhysicalContext").orElse(""),
                            Units.celsius(celsius.get(), excerpt, "Reading"), excerpt.id()));
                }
            }
        }
        Optional<URI> fans = subsystem.link("Fans");
        if (fans.isPresent()) {
            for (Resource fan : walk.fetchMembers(fans.get())) {
                Optional<Resource> speed = fan.object("SpeedPercent");
                if (speed.isPresent()) {
                    FanSpeed.read(speed.get(), fan.name("Name"), fan.id(), found);
                }
                Optional<Status> status = fan.status();
                if (status.isPresent()) {
                    found.add(ReadingKind.FAN, new Health(fan.id(), fan.label("Name"), "fan", status.get()));
                }
            }
        }
        return found;
    }
}
