package dev.hearth.rules.facts;

import dev.hearth.model.Sample;
import dev.hearth.rules.FactSource;
import dev.hearth.rules.SampleHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Facts as raw readings: every sample of the given metrics in the last {@code lookback}, plus the
 * evaluation time. Enough for rules over short windows of a few series.
 */
public final class RecentReadings implements FactSource {
    private final SampleHistory history;
    private final Duration lookback;
    private final Set<String> metrics;

    /** @param metrics the metrics the rules read (an empty set reads everything) */
    public RecentReadings(SampleHistory history, Duration lookback, Set<String> metrics) {
        this.history = Objects.requireNonNull(history, "history");
        this.lookback = Objects.requireNonNull(lookback, "lookback");
        this.metrics = Set.copyOf(metrics);
    }

    @Override
    public List<Object> facts(Instant at) {
        List<Object> facts = new ArrayList<>();
        facts.add(new EvaluationTime(at.toEpochMilli()));
        facts.addAll(readings(at));
        return facts;
    }

    /** The readings alone, for a fact source that brings its own evaluation time. */
    public List<Reading> readings(Instant at) {
        List<Reading> readings = new ArrayList<>();
        for (Sample s : history.samplesSince(at.minus(lookback), metrics)) {
            if (!s.time().isAfter(at)) {
                readings.add(Reading.of(s));
            }
        }
        return readings;
    }
}
