package dev.hearth.model;

/** Prometheus metric types as Hearth exposes them. */
public enum MetricType {
    COUNTER, GAUGE, HISTOGRAM
}
