package dev.hearth.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One normalised observation: at {@code time}, metric {@code metric} with {@code labels} on
 * {@code node} had {@code value}. Every source (BMC, GPU, service scrape) is reduced to this.
 * Labels are kept sorted so that a series has one canonical spelling.
 */
public record Sample(Instant time, String node, String metric, Map<String, String> labels, double value) {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public Sample {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(metric, "metric");
        if (!METRIC.matcher(metric).matches()) {
            throw new IllegalArgumentException("metric name '" + metric + "' is not a valid Prometheus name");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(labels, "labels").entrySet()) {
            if (!LABEL.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("label name '" + e.getKey() + "' of metric " + metric
                        + " is not a valid Prometheus label name");
            }
            sorted.put(e.getKey(), Objects.requireNonNull(e.getValue(), "value of label " + e.getKey()));
        }
        labels = Collections.unmodifiableSortedMap(sorted);
    }

    public static Sample of(Instant time, String node, String metric, double value) {
        return new Sample(time, node, metric, Map.of(), value);
    }

    /** The label's value, or the empty string when absent (as PromQL treats a missing label). */
    public String label(String name) {
        return labels.getOrDefault(name, "");
    }
}
