package dev.hearth.collector.redfish;

import dev.hearth.model.Sample;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of polling one BMC: its samples, or the reason it gave none (then {@code samples} is empty:
 * a failed walk yields nothing, not part of a tree).
 */
public record BmcPoll(String node, List<Sample> samples, Optional<String> error, Duration took) {
    public BmcPoll {
        Objects.requireNonNull(node, "node");
        samples = List.copyOf(samples);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(took, "took");
        if (error.isPresent() && !samples.isEmpty()) {
            throw new IllegalArgumentException("a failed poll of " + node + " carries no samples");
        }
    }

    public boolean ok() {
        return error.isEmpty();
    }
}
