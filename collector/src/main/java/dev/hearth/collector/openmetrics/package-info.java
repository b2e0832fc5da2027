/**
 * The collector's reader of metrics expositions: Prometheus text format 0.0.4 and OpenMetrics 1.0 text.
 *
 * <p>{@link dev.hearth.collector.openmetrics.ExpositionParser} is the one entry point: content type (or
 * format) and body in, {@link dev.hearth.collector.openmetrics.MetricFamily metric families} out. OpenMetrics
 * is held to its specification as the OpenMetrics parser conformance suite checks it; 0.0.4 is read as
 * leniently as Prometheus reads it. Any input either parses or is refused with an
 * {@link dev.hearth.collector.openmetrics.ExpositionFormatException} that names the line and the rule, within
 * the {@link dev.hearth.collector.openmetrics.ParseLimits} given. The package depends on nothing else in the
 * collector.
 */
package dev.hearth.collector.openmetrics;
