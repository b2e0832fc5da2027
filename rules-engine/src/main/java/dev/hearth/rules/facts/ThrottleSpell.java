package dev.hearth.rules.facts;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * A stretch of consecutive samples in which one clock throttle reason held a GPU's clocks down.
 *
 * @param reason     the throttle reason, e.g. {@code sw_thermal_slowdown}
 * @param startMillis the first sample of the stretch
 * @param endMillis   the last sample of the stretch
 * @param ongoing     the stretch reaches the newest sample, and that sample is fresh
 */
public record ThrottleSpell(String node, String reason, long startMillis, long endMillis, boolean ongoing,
                            List<Sample> samples) implements Evidence {
    public ThrottleSpell {
        FactChecks.text(node, "a throttle spell", "node");
        FactChecks.text(reason, "throttle spell of node " + node, "reason");
        if (endMillis < startMillis) {
            throw new IllegalArgumentException("throttle spell " + reason + " of node " + node + " ends at "
                    + endMillis + " before it starts at " + startMillis);
        }
        samples = List.copyOf(samples);
    }

    /** Thermal slowdown, by software or hardware: the GPU is too hot. */
    public boolean isThermal() {
        return reason.contains("thermal");
    }

    public long seconds() {
        return (endMillis - startMillis) / 1000;
    }

    @Override
    public long sinceMillis() {
        return startMillis;
    }
}
