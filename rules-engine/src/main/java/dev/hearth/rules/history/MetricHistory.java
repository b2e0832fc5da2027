package dev.hearth.rules.history;

import dev.hearth.model.Sample;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What fact loading reads from the stored samples. Owned here, where it is consumed: the control
 * plane implements it over the metric store, scenarios and tests over samples in memory. Every
 * method reads nothing later than {@code to}, so facts as of an instant depend only on the past.
 */
public interface MetricHistory {

    /** Samples of the given metrics taken in {@code [from, to]}, oldest first. */
    List<Sample> samples(Set<String> metrics, Instant from, Instant to);

    /**
     * Each rise of a counter in {@code (from, to]}, one entry per stored sample that is higher than
     * the one before it (reset-aware: a sample lower than its predecessor rose from zero). A series'
     * first sample ever counts as a rise from zero, since its counter is born at its first event.
     * Meant for sparse counters (GPU Xid events) read over long windows.
     */
    List<CounterIncrease> counterIncreases(String metric, Instant from, Instant to);

    /**
     * The increase of every series of a counter over {@code [from, to]}, reset-aware, measured from
     * the last sample at or before {@code from} (or the series' first sample after it) to the last
     * sample at or before {@code to}. Meant for dense counters over long windows (SLOs over 3 days).
     */
    List<SeriesIncrease> increases(String metric, Instant from, Instant to);
}
