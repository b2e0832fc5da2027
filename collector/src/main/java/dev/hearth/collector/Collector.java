package dev.hearth.collector;

import dev.hearth.collector.buffer.BatchBuffer;
import dev.hearth.collector.buffer.BufferDepth;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads every source once per call, concurrently, and hands the samples to the store through a
 * {@link BatchBuffer}, which keeps them while the store is unavailable.
 *
 * <p>Each source also yields {@code hearth_scrape_up} (1 or 0) and {@code hearth_scrape_duration_seconds}
 * for its node. A source that fails yields nothing else: its series simply get no new sample, which the
 * store's staleness query sees, and never a made-up 0. Every sample gets its node's topology labels
 * (see {@link TopologyLabels}).
 *
 * <p>Calls are serialised: one collection at a time.
 */
public final class Collector {
    private static final System.Logger LOG = System.getLogger(Collector.class.getName());

    private final List<Source> sources;
    private final TopologyLabels topology;
    private final BatchBuffer buffer;
    private final ExecutorService pool;
    private final ScrapeMetrics metrics;

    /**
     * @throws IllegalArgumentException when a source's node has no topology
     */
    public Collector(List<Source> sources, TopologyLabels topology, BatchBuffer buffer, MeterRegistry registry,
                     ExecutorService pool) {
        this.sources = new ArrayList<>(Objects.requireNonNull(sources, "sources"));
        this.topology = Objects.requireNonNull(topology, "topology");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.sources.forEach(source -> topology.requireKnown(source.node()));
        this.metrics = new ScrapeMetrics(Objects.requireNonNull(registry, "registry"), this.sources);
    }

    /**
     * Adds a source from the next collection on (a node that started serving: a promoted standby).
     *
     * @throws IllegalArgumentException when the source's node has no topology
     */
    public synchronized void add(Source source) {
        topology.requireKnown(source.node());
        metrics.add(source);
        sources.add(source);
    }

    /**
     * Collects all sources at {@code at}, waits for all of them, and submits their samples behind any
     * still pending from earlier calls.
     *
     * @throws CancellationException when the calling thread is interrupted while waiting for sources
     */
    public synchronized CollectionResult collectOnce(Instant at) {
        Objects.requireNonNull(at, "at");
        List<Future<SourceOutcome>> futures = new ArrayList<>(sources.size());
        for (Source source : sources) {
            futures.add(pool.submit(() -> collectFrom(source, at)));
        }
        List<Sample> fresh = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < futures.size(); i++) {
            SourceOutcome outcome = await(futures, i, at);
            fresh.addAll(outcome.samples());
            if (!outcome.up()) {
                failed++;
            }
        }
        int stored = buffer.submit(SampleBatch.of(topology.label(fresh)), at);
        BufferDepth depth = buffer.depth();
        return new CollectionResult(stored, failed, depth.memorySamples(), depth.spilledBatches());
    }

    /** Samples dropped since the buffer was made because the store stayed unavailable past its bounds. */
    public long samplesDropped() {
        return buffer.samplesDropped();
    }

    private SourceOutcome collectFrom(Source source, Instant at) {
        long start = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        ScrapeErrorReason failure = null;
        try {
            samples.addAll(source.collect(at));
        } catch (CollectException e) {
            failure = ScrapeErrorReason.of(e);
            LOG.log(System.Logger.Level.WARNING, "{0} source of node {1} is down ({2}): {3}",
                    source.kind(), source.node(), failure.label(), e.getMessage());
        } catch (RuntimeException e) {
            // a bug in one source must not stop the others from being stored
            failure = ScrapeErrorReason.INTERNAL;
            LOG.log(System.Logger.Level.ERROR, source.kind() + " source of node " + source.node()
                    + " failed unexpectedly", e);
        }
        if (failure != null) {
            samples.clear(); // nothing half-read: a down source's series go stale, they do not read 0
            metrics.failed(source, failure);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.scraped(source, took);
        Map<String, String> labels = Map.of("source", source.kind());
        samples.add(new Sample(at, source.node(), MetricCatalogue.SCRAPE_UP.name(), labels, failure == null ? 1 : 0));
        samples.add(new Sample(at, source.node(), MetricCatalogue.SCRAPE_DURATION.name(), labels,
                took.toNanos() / 1e9));
        return new SourceOutcome(samples, failure == null);
    }

    private SourceOutcome await(List<Future<SourceOutcome>> futures, int index, Instant at) {
        try {
            return futures.get(index).get();
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("collection at " + at + " was interrupted while waiting for sources");
        } catch (ExecutionException e) {
            // collectFrom catches every exception, so only an Error gets here
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("collecting " + sources.get(index) + " failed", e.getCause());
        }
    }

    private record SourceOutcome(List<Sample> samples, boolean up) {
    }
}
