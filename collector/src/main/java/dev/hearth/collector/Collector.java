package dev.hearth.collector;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads every source once per call, concurrently, and hands the samples to the store.
 *
 * <p>Each source also yields {@code hearth_scrape_up} (1 or 0) and {@code hearth_scrape_duration_seconds}
 * for its node, so a dead BMC is a fact in the store rather than a gap. When the store is unavailable
 * the samples stay in memory, at most {@code maxPending} of them (the oldest are dropped first), and go
 * to the store ahead of the next call's samples: a database restart loses nothing up to that bound.
 *
 * <p>Only {@link StoreUnavailableException} means "try again later"; any other exception from the sink is
 * a bug and propagates (samples pending from earlier calls stay pending).
 *
 * <p>Calls are serialised: the pending buffer belongs to one collection at a time.
 */
public final class Collector {
    private static final System.Logger LOG = System.getLogger(Collector.class.getName());

    private final List<Source> sources;
    private final SampleSink sink;
    private final MeterRegistry registry;
    private final ExecutorService pool;
    private final int maxPending;

    private final ArrayDeque<SampleBatch> pending = new ArrayDeque<>();
    private final Counter samplesStored;
    private final Map<String, Counter> scrapeFailures = new ConcurrentHashMap<>();
    // read by the meter registry from other threads
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final Counter samplesDropped;

    public Collector(List<Source> sources, SampleSink sink, MeterRegistry registry, ExecutorService pool,
                     int maxPending) {
        this.sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
        this.sink = Objects.requireNonNull(sink, "sink");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pool = Objects.requireNonNull(pool, "pool");
        if (maxPending < 0) {
            throw new IllegalArgumentException("maxPending is " + maxPending
                    + "; it must be 0 (keep nothing when the store is down) or more");
        }
        this.maxPending = maxPending;

        samplesStored = Counter.builder(MetricCatalogue.COLLECTOR_SAMPLES_STORED.meterName())
                .description(MetricCatalogue.COLLECTOR_SAMPLES_STORED.help())
                .register(registry);
        samplesDropped = Counter.builder(MetricCatalogue.COLLECTOR_SAMPLES_DROPPED.meterName())
                .description(MetricCatalogue.COLLECTOR_SAMPLES_DROPPED.help())
                .register(registry);
        Gauge.builder(MetricCatalogue.COLLECTOR_PENDING_SAMPLES.meterName(), pendingCount, AtomicInteger::get)
                .description(MetricCatalogue.COLLECTOR_PENDING_SAMPLES.help())
                .strongReference(true)
                .register(registry);
        Gauge.builder(MetricCatalogue.COLLECTOR_LAST_SUCCESS.meterName(), lastSuccessMillis, m -> m.get() / 1000.0)
                .description(MetricCatalogue.COLLECTOR_LAST_SUCCESS.help())
                .strongReference(true)
                .register(registry);
        // register every kind up front so that a failure rate can be computed from the first scrape on
        for (Source source : this.sources) {
            failuresCounter(source.kind());
        }
    }

    /**
     * Collects all sources at {@code at}, waits for all of them, and stores their samples after any
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
                failuresCounter(sources.get(i).kind()).increment();
            }
        }
        int stored = store(fresh, at);
        return new CollectionResult(stored, failed, pendingSamples());
    }

    /** Samples dropped since construction because the store stayed unavailable past {@code maxPending}. */
    public long samplesDropped() {
        return (long) samplesDropped.count();
    }

    private SourceOutcome collectFrom(Source source, Instant at) {
        long start = System.nanoTime();
        List<Sample> samples = new ArrayList<>();
        boolean up;
        try {
            samples.addAll(source.collect(at));
            up = true;
        } catch (CollectException e) {
            LOG.log(System.Logger.Level.WARNING, "{0} source of node {1} is down: {2}",
                    source.kind(), source.node(), e.getMessage());
            up = false;
        } catch (RuntimeException e) {
            // a bug in one source must not stop the others from being stored
            LOG.log(System.Logger.Level.ERROR, source.kind() + " source of node " + source.node()
                    + " failed unexpectedly", e);
            samples.clear();
            up = false;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, String> labels = Map.of("source", source.kind());
        samples.add(new Sample(at, source.node(), MetricCatalogue.SCRAPE_UP.name(), labels, up ? 1 : 0));
        samples.add(new Sample(at, source.node(), MetricCatalogue.SCRAPE_DURATION.name(), labels, seconds));
        return new SourceOutcome(samples, up);
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

    /**
     * Appends pending batches, oldest first, then the fresh one; returns how many samples the sink
     * accepted. A batch keeps its id across retries, so one the store took before failing to answer is
     * not stored twice.
     */
    private int store(List<Sample> fresh, Instant at) {
        if (!fresh.isEmpty()) {
            pending.addLast(SampleBatch.of(fresh));
        }
        int stored = 0;
        try {
            while (!pending.isEmpty()) {
                SampleBatch batch = pending.peekFirst();
                sink.append(batch);
                pending.removeFirst();
                stored += batch.size();
                samplesStored.increment(batch.size());
            }
        } catch (StoreUnavailableException e) {
            long dropped = 0;
            while (pendingSamples() > maxPending) {
                dropped += pending.removeFirst().size();
            }
            samplesDropped.increment(dropped);
            pendingCount.set(pendingSamples());
            LOG.log(System.Logger.Level.WARNING, "metric store unavailable, keeping {0} samples pending (at most {1}, "
                    + "{2} oldest dropped now): {3}", pendingSamples(), maxPending, dropped, e.getMessage());
            return stored;
        }
        pendingCount.set(0);
        // the collection time, not the wall clock: this class reads no clock, and they differ by one scrape
        lastSuccessMillis.set(at.toEpochMilli());
        return stored;
    }

    private int pendingSamples() {
        int total = 0;
        for (SampleBatch batch : pending) {
            total += batch.size();
        }
        return total;
    }

    private Counter failuresCounter(String kind) {
        return scrapeFailures.computeIfAbsent(kind, k ->
                Counter.builder(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.meterName())
                        .tag("source", k)
                        .description(MetricCatalogue.COLLECTOR_SCRAPE_FAILURES.help())
                        .register(registry));
    }

    private record SourceOutcome(List<Sample> samples, boolean up) {
    }
}
