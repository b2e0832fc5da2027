package dev.hearth.collector.query;

import java.util.List;
import java.util.Objects;

/** A series and its readings inside a window, oldest first. */
public record SeriesPoints(SeriesKey series, List<Point> points) {
    public SeriesPoints {
        Objects.requireNonNull(series, "series");
        points = List.copyOf(Objects.requireNonNull(points, "points"));
    }
}
