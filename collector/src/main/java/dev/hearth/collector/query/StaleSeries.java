package dev.hearth.collector.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A series that stopped being written: its newest reading was taken at {@code lastSeen}, which was
 * {@code silence} before the evaluation time. The collector never writes zeros for a source it cannot
 * reach; it stops writing that source's series, which is what this fact reports.
 */
public record StaleSeries(SeriesKey series, Instant lastSeen, Duration silence) {
    public StaleSeries {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(silence, "silence");
    }
}
