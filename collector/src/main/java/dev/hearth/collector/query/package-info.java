/**
 * Reads the metric store the way the rules need it: the points of a window, the newest value, the
 * rate and increase of a counter, a quantile from histogram buckets, and which series (or nodes)
 * went silent.
 *
 * <p>{@link dev.hearth.collector.query.MetricQueries} is the one entry point; a
 * {@link dev.hearth.collector.query.SeriesSelector} says which series a query reads. Every window is
 * left-open and right-closed, {@code (end - length, end]}, as Prometheus 3 range selectors are: a
 * sample written exactly at the evaluation time is seen, one exactly a window earlier is not, so
 * windows laid end to end count each sample once. Each query is one SQL round trip; the arithmetic
 * that must match Prometheus (counter resets, bucket interpolation) is done in Java on the rows, where
 * it is unit-tested without a database.
 */
package dev.hearth.collector.query;
