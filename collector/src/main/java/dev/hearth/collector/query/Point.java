package dev.hearth.collector.query;

import java.time.Instant;
import java.util.Objects;

/** One stored reading of a series: its time (to the microsecond) and value. */
public record Point(Instant time, double value) {
    public Point {
        Objects.requireNonNull(time, "time");
    }
}
