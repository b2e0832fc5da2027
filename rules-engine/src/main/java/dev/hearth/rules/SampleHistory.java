package dev.hearth.rules;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Where the rules engine reads recent samples from (the metric store, in the fleet). */
public interface SampleHistory {

    /** Samples of the given metrics taken at or after {@code from}, oldest first. */
    List<Sample> samplesSince(Instant from, Set<String> metrics);
}
