package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import java.util.Optional;

/**
 * The newer schemas' fan speed excerpt (SensorFanExcerpt, SensorFanArrayExcerpt): {@code Reading} in
 * percent and, optionally, {@code SpeedRPM}. Both are kept: percent says how hard the fan works, RPM
 * whether it turns at all.
 */
final class FanSpeed {
    private FanSpeed() {
    }

    static void read(Resource excerpt, String fan, String resource, Findings found) throws CollectException {
        Optional<Double> percent = excerpt.number("Reading");
        if (percent.isPresent()) {
            found.add(Reading.fanRatio(fan, Units.percentAsRatio(percent.get(), excerpt, "Reading"), resource));
        }
        Optional<Double> rpm = excerpt.number("SpeedRPM");
        if (rpm.isPresent()) {
            found.add(Reading.fanRpm(fan, Units.rpm(rpm.get(), excerpt, "SpeedRPM"), resource));
        }
    }
}
