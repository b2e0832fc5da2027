package dev.hearth.collector.buffer;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The buffer's meters. The buffer updates them under its lock; the registry reads them from other
 * threads, hence the atomics.
 */
final class BufferMetrics {
    /** Ingest lag buckets: a healthy store acknowledges within a scrape; an outage shows up in minutes and hours. */
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6)};
    private static final long NONE = Long.MIN_VALUE;

    private final Clock clock;
    private final Counter stored;
    private final Counter dropped;
    private final Counter corruptFiles;
    private final Timer ingestLag;
    private final AtomicLong memoryBatches = new AtomicLong();
    private final AtomicLong memorySamples = new AtomicLong();
    private final AtomicLong spilledBatches = new AtomicLong();
    private final AtomicLong spilledBytes = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong(NONE);
    private final AtomicLong lastSuccessMillis = new AtomicLong();

    BufferMetrics(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        stored = counter(registry, MetricCatalogue.COLLECTOR_SAMPLES_STORED);
        dropped = counter(registry, MetricCatalogue.COLLECTOR_SAMPLES_DROPPED);
        corruptFiles = counter(registry, MetricCatalogue.COLLECTOR_SPILL_CORRUPT_FILES);
        ingestLag = Timer.builder(MetricCatalogue.COLLECTOR_INGEST_LAG.meterName())
                .description(MetricCatalogue.COLLECTOR_INGEST_LAG.help())
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        gauge(registry, MetricCatalogue.COLLECTOR_PENDING_BATCHES, memoryBatches::get);
        gauge(registry, MetricCatalogue.COLLECTOR_PENDING_SAMPLES, memorySamples::get);
        gauge(registry, MetricCatalogue.COLLECTOR_SPILLED_BATCHES, spilledBatches::get);
        gauge(registry, MetricCatalogue.COLLECTOR_SPILLED_BYTES, spilledBytes::get);
        gauge(registry, MetricCatalogue.COLLECTOR_LAST_SUCCESS, () -> lastSuccessMillis.get() / 1000.0);
        gauge(registry, MetricCatalogue.COLLECTOR_OLDEST_PENDING_AGE, this::oldestPendingAgeSeconds);
    }

    /** The store acknowledged {@code batch} at {@code now}. */
    void acknowledged(PendingBatch batch, Instant now) {
        stored.increment(batch.size());
        Duration lag = Duration.between(batch.collectedAt(), now);
        ingestLag.record(lag.isNegative() ? Duration.ZERO : lag);
        lastSuccessMillis.set(now.toEpochMilli());
    }

    void dropped(long samples) {
        if (samples > 0) {
            dropped.increment(samples);
        }
    }

    void corruptFiles(long files) {
        if (files > 0) {
            corruptFiles.increment(files);
        }
    }

    void depth(BufferDepth depth, Instant oldestPending) {
        memoryBatches.set(depth.memoryBatches());
        memorySamples.set(depth.memorySamples());
        spilledBatches.set(depth.spilledBatches());
        spilledBytes.set(depth.spilledBytes());
        oldestPendingMillis.set(oldestPending == null ? NONE : oldestPending.toEpochMilli());
    }

    double samplesDropped() {
        return dropped.count();
    }

    private double oldestPendingAgeSeconds() {
        long oldest = oldestPendingMillis.get();
        return oldest == NONE ? 0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }

    private static Counter counter(MeterRegistry registry, MetricSpec spec) {
        return Counter.builder(spec.meterName()).description(spec.help()).register(registry);
    }

    private static void gauge(MeterRegistry registry, MetricSpec spec, Supplier<Number> value) {
        Gauge.builder(spec.meterName(), value).description(spec.help()).strongReference(true).register(registry);
    }
}
