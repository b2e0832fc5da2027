package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.net.URI;
import java.util.Optional;

/**
 * A chassis's EnvironmentMetrics (EnvironmentMetrics.v1_x): {@code TemperatureCelsius}, {@code PowerWatts}
 * (what the chassis draws) and {@code FanSpeedsPercent[]}. These are excerpts of Sensors and carry no
 * Status of their own.
 */
final class EnvironmentMetricsReader {
    private static final String SELF = "EnvironmentMetrics";

    private EnvironmentMetricsReader() {
    }

    static Findings read(Walk walk, URI url) throws CollectException {
        Resource metrics = walk.fetch(url);
        Findings found = new Findings();
        Optional<Resource> temperature = metrics.object("TemperatureCelsius");
        if (temperature.isPresent()) {
            Optional<Double> celsius = temperature.get().number("Reading");
            if (celsius.isPresent()) {
                found.add(Reading.temperature(SensorName.of(temperature.get(), "DeviceName", SELF), "",
                        Units.celsius(celsius.get(), temperature.get(), "Reading"), temperature.get().id()));
            }
        }
        Optional<Resource> power = metrics.object("PowerWatts");
        if (power.isPresent()) {
            Optional<Double> watts = power.get().number("Reading");
            if (watts.isPresent()) {
                found.add(Reading.power(SensorName.of(power.get(), "DeviceName", SELF),
                        Units.watts(watts.get(), power.get(), "Reading"), power.get().id()));
            }
        }
        for (Resource fan : metrics.objects("FanSpeedsPercent")) {
            FanSpeed.read(fan, SensorName.of(fan, "DeviceName", null), fan.id(), found);
        }
        return found;
    }
}
