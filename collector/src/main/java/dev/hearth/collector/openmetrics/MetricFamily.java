package dev.hearth.collector.openmetrics;

import java.util.List;
import java.util.Objects;

/**
 * A metric family: its metadata and its samples, in exposition order.
 *
 * @param name    the family name ({@code http_requests} for OpenMetrics counter samples
 *                {@code http_requests_total}; in 0.0.4 whatever the {@code # TYPE} line names)
 * @param type    its declared type, {@link MetricType#UNKNOWN} when there is no {@code # TYPE} line
 * @param help    its unescaped {@code # HELP} text, empty when there is none
 * @param unit    its OpenMetrics {@code # UNIT}, empty when there is none
 * @param samples its samples; empty for a family that only declares metadata
 */
public record MetricFamily(String name, MetricType type, String help, String unit, List<MetricSample> samples) {
    public MetricFamily {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(unit, "unit");
        samples = List.copyOf(samples);
    }
}
