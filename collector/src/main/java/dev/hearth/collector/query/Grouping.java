package dev.hearth.collector.query;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which series are summed together before a quantile is taken, as PromQL's {@code sum by (...)}:
 * series that agree on the node (when {@code perNode}) and on each of {@code labels} form one group.
 * The node is a separate part of a series here, not a label, hence its own switch.
 */
public record Grouping(boolean perNode, SortedSet<String> labels) {
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public Grouping {
        TreeSet<String> sorted = new TreeSet<>();
        for (String label : Objects.requireNonNull(labels, "labels")) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("cannot group by label '" + label
                        + "': not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
            if (label.equals("le")) {
                throw new IllegalArgumentException("cannot group by label 'le': it is the bucket bound that "
                        + "the quantile is taken across; leave it out");
            }
            sorted.add(label);
        }
        labels = Collections.unmodifiableSortedSet(sorted);
    }

    /** Everything in one group: the quantile of the whole selection. */
    public static Grouping none() {
        return new Grouping(false, new TreeSet<>());
    }

    /** One group per node. */
    public static Grouping byNode() {
        return new Grouping(true, new TreeSet<>());
    }

    /** One group per combination of values of {@code labels} (a missing label counts as ""). */
    public static Grouping byLabels(String... labels) {
        return new Grouping(false, new TreeSet<>(List.of(labels)));
    }

    /** The group {@code series} belongs to. */
    SeriesGroup of(SeriesKey series) {
        TreeMap<String, String> values = new TreeMap<>();
        for (String name : labels) {
            values.put(name, series.label(name));
        }
        return new SeriesGroup(perNode ? Optional.of(series.node()) : Optional.empty(), values);
    }
}
