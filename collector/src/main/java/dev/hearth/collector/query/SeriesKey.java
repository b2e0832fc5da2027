package dev.hearth.collector.query;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One stored series: node, metric and labels, as written. Ordered by node, then metric, then labels
 * (name by name, then value), so that query results come back in one stable order.
 */
public record SeriesKey(String node, String metric, SortedMap<String, String> labels)
        implements Comparable<SeriesKey> {

    public SeriesKey {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(metric, "metric");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(labels, "labels")));
    }

    /** The label's value, or {@code ""} when absent, as PromQL reads a missing label. */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }

    @Override
    public int compareTo(SeriesKey other) {
        int byNode = node.compareTo(other.node);
        if (byNode != 0) {
            return byNode;
        }
        int byMetric = metric.compareTo(other.metric);
        return byMetric != 0 ? byMetric : compareLabels(labels, other.labels);
    }

    static int compareLabels(SortedMap<String, String> a, SortedMap<String, String> b) {
        Iterator<Map.Entry<String, String>> left = a.entrySet().iterator();
        Iterator<Map.Entry<String, String>> right = b.entrySet().iterator();
        while (left.hasNext() && right.hasNext()) {
            Map.Entry<String, String> l = left.next();
            Map.Entry<String, String> r = right.next();
            int byName = l.getKey().compareTo(r.getKey());
            if (byName != 0) {
                return byName;
            }
            int byValue = l.getValue().compareTo(r.getValue());
            if (byValue != 0) {
                return byValue;
            }
        }
        return Boolean.compare(left.hasNext(), right.hasNext());
    }
}
