package dev.hearth.rules.fleet;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * A series window the rules read: every series of {@code metric} whose labels include {@code labels},
 * summarised over {@code window}.
 */
public record WindowSpec(String metric, Duration window, Map<String, String> labels) {
    public WindowSpec {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero() || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window " + window + " of " + metric
                    + " must be a positive whole number of seconds, e.g. PT30S");
        }
        labels = Map.copyOf(labels);
    }

    boolean matches(Map<String, String> seriesLabels) {
        return labels.entrySet().stream().allMatch(e -> e.getValue().equals(seriesLabels.get(e.getKey())));
    }
}
