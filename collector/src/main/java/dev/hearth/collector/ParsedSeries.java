package dev.hearth.collector;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One sample line of a Prometheus exposition: series name, labels (sorted, unescaped) and value.
 * The line's own timestamp, if any, is not kept: the collector stamps everything it scrapes with the
 * time of the scrape so that one collection lines up.
 */
public record ParsedSeries(String name, Map<String, String> labels, double value) {
    public ParsedSeries {
        Objects.requireNonNull(name, "name");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
    }
}
