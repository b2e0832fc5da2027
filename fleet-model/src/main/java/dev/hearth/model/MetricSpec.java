package dev.hearth.model;

import java.util.List;
import java.util.Objects;

/**
 * One metric Hearth exposes or stores: its Prometheus name (with the {@code hearth_} prefix, the base
 * unit and {@code _total} for counters), type, label names and help text.
 */
public record MetricSpec(String name, MetricType type, List<String> labels, String help) {
    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        labels = List.copyOf(labels);
        Objects.requireNonNull(help, "help");
        if (!name.startsWith("hearth_")) {
            throw new IllegalArgumentException("metric " + name + " lacks the hearth_ prefix");
        }
        if (type == MetricType.COUNTER && !name.endsWith("_total")) {
            throw new IllegalArgumentException("counter " + name + " must end in _total");
        }
        if (type == MetricType.HISTOGRAM && !name.endsWith("_seconds")) {
            throw new IllegalArgumentException("histogram " + name + " must be in seconds");
        }
    }

    /**
     * The name to register with Micrometer, whose Prometheus naming convention appends
     * {@code _total} to counters and {@code _seconds} to timers itself.
     */
    public String meterName() {
        return switch (type) {
            case COUNTER -> name.substring(0, name.length() - "_total".length());
            case HISTOGRAM -> name.substring(0, name.length() - "_seconds".length());
            case GAUGE -> name;
        };
    }

    /** Every series name this metric produces in the Prometheus text format. */
    public List<String> exposedNames() {
        return switch (type) {
            case COUNTER -> List.of(name);
            case GAUGE -> List.of(name);
            case HISTOGRAM -> List.of(name + "_bucket", name + "_count", name + "_sum", name + "_max");
        };
    }
}
