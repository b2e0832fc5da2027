package dev.hearth.collector.query;

import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The identity of one group of a {@link Grouping}: its node (when grouped by node) and the value of
 * each grouping label ({@code ""} where a series lacked it). Ordered by node, then labels.
 */
public record SeriesGroup(Optional<String> node, SortedMap<String, String> labels)
        implements Comparable<SeriesGroup> {

    public SeriesGroup {
        Objects.requireNonNull(node, "node");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
    }

    @Override
    public int compareTo(SeriesGroup other) {
        int byNode = node.orElse("").compareTo(other.node.orElse(""));
        return byNode != 0 ? byNode : SeriesKey.compareLabels(labels, other.labels);
    }
}
