package dev.hearth.collector.query;

import java.time.Instant;
import java.util.Objects;

/** The newest reading of a series at an evaluation time: when it was taken and its value. */
public record SeriesSample(SeriesKey series, Instant time, double value) {
    public SeriesSample {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(time, "time");
    }
}
