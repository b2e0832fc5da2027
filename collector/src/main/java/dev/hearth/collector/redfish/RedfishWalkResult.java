package dev.hearth.collector.redfish;

import dev.hearth.model.Sample;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One complete walk of one BMC.
 *
 * @param samples  readings and health, all at the walk's time
 * @param notes    per chassis, where each kind of reading came from or why there was none
 * @param requests how many requests the walk sent
 */
public record RedfishWalkResult(List<Sample> samples, List<String> notes, int requests) {
    private static final Set<String> READINGS = Set.of(RedfishMetrics.TEMPERATURE.name(),
            RedfishMetrics.FAN_SPEED_RPM.name(), RedfishMetrics.FAN_SPEED_RATIO.name(),
            RedfishMetrics.POWER_CONSUMED.name(), RedfishMetrics.POWER_SUPPLY_INPUT.name(),
            RedfishMetrics.POWER_SUPPLY_OUTPUT.name());

    public RedfishWalkResult {
        samples = List.copyOf(samples);
        notes = List.copyOf(notes);
    }

    /** How many samples of {@code metric} the walk found. */
    public long count(String metric) {
        return samples.stream().filter(s -> s.metric().equals(metric)).count();
    }

    /** True when the walk found at least one temperature, fan speed or power reading. */
    public boolean hasReadings() {
        return samples.stream().anyMatch(s -> READINGS.contains(s.metric()));
    }

    /** Why there is no reading at all, for a BMC (or mockup) without thermal and power data; empty otherwise. */
    public Optional<String> noReadingsReason() {
        return hasReadings() ? Optional.empty()
                : Optional.of("no temperature, fan or power reading: " + String.join("; ", notes));
    }
}
