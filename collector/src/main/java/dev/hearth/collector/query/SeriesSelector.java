package dev.hearth.collector.query;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which series a query reads: one metric, optionally one node, and label equality matchers. A matcher
 * whose value is {@code ""} matches series without that label (and series where it is empty), as in
 * PromQL, where a missing label reads as the empty string.
 *
 * <p>Build one with {@link #metric(String)}, then {@link #onNode(String)} and {@link #with(String, String)}.
 */
public record SeriesSelector(String metric, Optional<String> node, SortedMap<String, String> labels) {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public SeriesSelector {
        if (metric == null || !METRIC.matcher(metric).matches()) {
            throw new IllegalArgumentException("metric name '" + (metric == null ? "" : metric)
                    + "' is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*); pass the stored name, "
                    + "e.g. hearth_bmc_temperature_celsius");
        }
        Objects.requireNonNull(node, "node (Optional.empty() for every node)");
        node.ifPresent(name -> requireStorable(name, "node", metric));
        if (node.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("node of selector " + metric + " is empty; pass a node name, "
                    + "or leave the node out to read every node");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> matcher : Objects.requireNonNull(labels, "labels").entrySet()) {
            String name = matcher.getKey();
            if (name == null || !LABEL.matcher(name).matches()) {
                throw new IllegalArgumentException("label name '" + name + "' in selector of " + metric
                        + " is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            }
            String value = Objects.requireNonNull(matcher.getValue(),
                    () -> "value of label " + name + " in selector of " + metric + " (use \"\" for an absent label)");
            requireStorable(value, "value of label " + name, metric);
            sorted.put(name, value);
        }
        labels = Collections.unmodifiableSortedMap(sorted);
    }

    /** Every series of {@code metric}, on every node. */
    public static SeriesSelector metric(String metric) {
        return new SeriesSelector(metric, Optional.empty(), new TreeMap<>());
    }

    /** This selector restricted to {@code node}. */
    public SeriesSelector onNode(String node) {
        return new SeriesSelector(metric, Optional.of(Objects.requireNonNull(node, "node")), labels);
    }

    /** This selector with one more matcher: label {@code name} equals {@code value} ({@code ""}: absent). */
    public SeriesSelector with(String name, String value) {
        TreeMap<String, String> more = new TreeMap<>(labels);
        more.put(name, value);
        return new SeriesSelector(metric, node, more);
    }

    /** The matchers whose value is not empty: the labels a matching series must hold. */
    SortedMap<String, String> required() {
        TreeMap<String, String> required = new TreeMap<>(labels);
        required.values().removeIf(String::isEmpty);
        return required;
    }

    /** The labels a matching series must not hold with a non-empty value. */
    String[] absent() {
        return labels.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey)
                .toArray(String[]::new);
    }

    /** PromQL-like, for messages: {@code metric{label="value"} on node n1}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(metric);
        if (!labels.isEmpty()) {
            text.append('{');
            labels.forEach((name, value) -> text.append(text.charAt(text.length() - 1) == '{' ? "" : ", ")
                    .append(name).append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"'));
            text.append('}');
        }
        node.ifPresent(name -> text.append(" on node ").append(name));
        return text.toString();
    }

    /**
     * The store writes U+0000 as U+FFFD because PostgreSQL text cannot hold it, so a selector holding
     * U+0000 could never match anything; it is refused rather than silently matching nothing.
     */
    private static void requireStorable(String text, String what, String metric) {
        if (text.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(what + " in selector of " + metric + " contains U+0000, which "
                    + "the store never holds (it writes U+FFFD instead); use U+FFFD");
        }
    }
}
