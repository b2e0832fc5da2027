package dev.hearth.collector.openmetrics;

import java.util.List;

/**
 * The type a {@code # TYPE} line gives a metric family. The 0.0.4 format's {@code untyped} is
 * OpenMetrics' {@link #UNKNOWN}: one concept, one constant.
 */
public enum MetricType {
    COUNTER("counter", List.of("_total", "_created")),
    GAUGE("gauge", List.of("")),
    HISTOGRAM("histogram", List.of("_bucket", "_count", "_sum", "_created")),
    GAUGE_HISTOGRAM("gaugehistogram", List.of("_bucket", "_gcount", "_gsum")),
    SUMMARY("summary", List.of("", "_count", "_sum", "_created")),
    INFO("info", List.of("_info")),
    STATESET("stateset", List.of("")),
    UNKNOWN("unknown", List.of(""));

    private final String openMetricsName;
    private final List<String> openMetricsSuffixes;

    MetricType(String openMetricsName, List<String> openMetricsSuffixes) {
        this.openMetricsName = openMetricsName;
        this.openMetricsSuffixes = openMetricsSuffixes;
    }

    /** The word OpenMetrics writes after {@code # TYPE name}. */
    public String openMetricsName() {
        return openMetricsName;
    }

    /**
     * What OpenMetrics appends to the family name to name each of its samples: a counter {@code a}
     * exposes {@code a_total} and {@code a_created}, never {@code a}.
     */
    List<String> openMetricsSuffixes() {
        return openMetricsSuffixes;
    }

    /** The type an OpenMetrics {@code # TYPE} line names, or null when the word is none of them. */
    static MetricType ofOpenMetrics(String word) {
        for (MetricType type : values()) {
            if (type.openMetricsName.equals(word)) {
                return type;
            }
        }
        return null;
    }

    /** The type a 0.0.4 {@code # TYPE} line names, or null when the word is none of the five it knows. */
    static MetricType ofText004(String word) {
        return switch (word) {
            case "counter" -> COUNTER;
            case "gauge" -> GAUGE;
            case "histogram" -> HISTOGRAM;
            case "summary" -> SUMMARY;
            case "untyped" -> UNKNOWN;
            default -> null;
        };
    }
}
