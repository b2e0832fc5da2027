package dev.hearth.controlplane.bench;

import dev.hearth.collector.store.LayoutChoice;

import java.util.List;
import java.util.Objects;

/**
 * What {@link IngestBench} measured: samples per second of the warm-up run (series created, caches
 * cold) and of each timed run after it, and the rows the store holds at the end.
 */
public record IngestReport(LayoutChoice layout, String server, long samplesPerRun, int series, int batchSize,
                           double warmUpSamplesPerSecond, List<Double> runSamplesPerSecond, long rowsStored) {
    public IngestReport {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(server, "server");
        runSamplesPerSecond = List.copyOf(runSamplesPerSecond);
        if (runSamplesPerSecond.isEmpty()) {
            throw new IllegalArgumentException("an ingest report needs at least one timed run");
        }
    }

    /** The median of the timed runs (the lower middle one of an even number). */
    public double medianSamplesPerSecond() {
        double[] sorted = runSamplesPerSecond.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }

    /** Every sample appended, warm-up included, i.e. what the store should hold. */
    public long samplesAppended() {
        return samplesPerRun * (runSamplesPerSecond.size() + 1);
    }
}
