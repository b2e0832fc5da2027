package dev.hearth.collector.openmetrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One sample line of an exposition.
 *
 * @param name             the sample's name, e.g. {@code http_requests_total} or {@code latency_seconds_bucket}
 * @param labels           its labels, unescaped, in exposition order
 * @param value            its value ({@code NaN} and infinities included)
 * @param timestampSeconds its own timestamp in seconds since the epoch, when the line has one (0.0.4
 *                         writes milliseconds; they are converted so that both formats read alike)
 * @param exemplar         its OpenMetrics exemplar, when the line has one
 */
public record MetricSample(String name, Map<String, String> labels, double value, OptionalDouble timestampSeconds,
                           Optional<Exemplar> exemplar) {
    public MetricSample {
        Objects.requireNonNull(name, "name");
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(labels, "labels")));
        Objects.requireNonNull(timestampSeconds, "timestampSeconds");
        Objects.requireNonNull(exemplar, "exemplar");
    }
}
