package dev.hearth.node.serving;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a node's engine time is divided among households, after the schedulers a vGPU host offers.
 */
public enum SlicePolicy {
    /**
     * Weighted fair queueing that wastes nothing: a household may use all the engine time the others
     * leave idle. Most throughput; a household that floods within its quota keeps the engine busy, so
     * another's new request waits for the step in flight and shares the machine with the flood.
     */
    BEST_EFFORT("best-effort"),
    /**
     * Each active household (one with work, or a request within the activity window) is held to its
     * weighted share of the engine's time, even when that leaves the engine idle: the time a flooding
     * household cannot use stays free for the others' next request, so their latency does not depend
     * on it. Costs throughput while a household is active but between requests.
     */
    EQUAL_SHARE("equal-share");

    private final String option;

    SlicePolicy(String option) {
        this.option = option;
    }

    /** The name on the command line and in configuration. */
    public String option() {
        return option;
    }

    /**
     * The policy named {@code value} ({@code best-effort} or {@code equal-share}).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static SlicePolicy parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (SlicePolicy p : values()) {
            if (p.option.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown slicing policy '" + value + "': use one of "
                + Arrays.stream(values()).map(SlicePolicy::option).collect(Collectors.joining(", ")));
    }
}
