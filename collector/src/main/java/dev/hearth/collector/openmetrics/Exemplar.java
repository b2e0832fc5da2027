package dev.hearth.collector.openmetrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An OpenMetrics exemplar: a reference from a counter or histogram bucket sample to data outside the
 * exposition, typically a trace id.
 *
 * @param labels           the exemplar's labels, unescaped, in exposition order
 * @param value            the observed value
 * @param timestampSeconds when it was observed, in seconds since the epoch, when the exposition says
 */
public record Exemplar(Map<String, String> labels, double value, OptionalDouble timestampSeconds) {
    public Exemplar {
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(labels, "labels")));
        Objects.requireNonNull(timestampSeconds, "timestampSeconds");
    }
}
