package dev.hearth.collector.query;

import java.util.Objects;

/** A value computed for one group of series, such as a latency quantile per node. */
public record GroupValue(SeriesGroup group, double value) {
    public GroupValue {
        Objects.requireNonNull(group, "group");
    }
}
