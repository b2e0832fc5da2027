package dev.hearth.collector.query;

import java.util.Objects;

/** A value computed for one series over a window, such as a counter's per-second rate. */
public record SeriesValue(SeriesKey series, double value) {
    public SeriesValue {
        Objects.requireNonNull(series, "series");
    }
}
