package dev.hearth.collector.buffer;

import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.SampleSink;
import dev.hearth.collector.StoreUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * Stands between the collector and the store: hands each batch to the {@link SampleSink} and keeps,
 * oldest first, what the store could not take.
 *
 * <p>Order is kept by one rule: every spilled batch is older than every batch in memory. New batches
 * join memory; past {@code maxMemorySamples} the oldest in memory move to the end of the spill
 * directory (or are dropped when there is none); the spill directory drops its oldest files past its
 * byte bound. Storing takes the spill directory's oldest batch first, then memory's. A batch keeps its
 * id through all of this and across restarts, so one the store took before its acknowledgement was
 * lost is not stored twice when offered again.
 *
 * <p>After a {@link StoreUnavailableException} the store is not asked again until a backoff has passed
 * (doubling, bounded); batches submitted meanwhile just queue. Any other exception from the sink is a
 * bug and propagates, with the batch still pending.
 *
 * <p>{@link #close()} writes what memory holds to the spill directory, so a clean restart loses
 * nothing; batches spilled by an earlier run are stored before any new one.
 */
public final class BatchBuffer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BatchBuffer.class.getName());

    private final SampleSink sink;
    private final BufferConfig config;
    private final Clock clock;
    private final SpillDirectory spill;
    private final Backoff backoff;
    private final BufferMetrics metrics;
    private final ArrayDeque<PendingBatch> memory = new ArrayDeque<>();
    private int memorySamples;
    private long reportedCorruptFiles;
    private boolean closed;

    /**
     * @throws SpillDirectoryException when the configured spill directory cannot be used
     */
    public BatchBuffer(SampleSink sink, BufferConfig config, MeterRegistry registry, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = new BufferMetrics(Objects.requireNonNull(registry, "registry"), clock);
        this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff());
        this.spill = config.spillDirectory().map(dir -> SpillDirectory.open(dir, config.maxSpillBytes())).orElse(null);
        publishDepth();
    }

    /**
     * Queues {@code batch}, collected at {@code collectedAt}, behind everything pending and stores
     * as much as the store takes, oldest first, unless the store failed too recently.
     *
     * @return samples the store acknowledged in this call, earlier batches included
     */
    public synchronized int submit(SampleBatch batch, Instant collectedAt) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(collectedAt, "collectedAt");
        if (closed) {
            throw new IllegalStateException("this batch buffer is closed; batch " + batch.id() + " of "
                    + batch.size() + " samples was not taken");
        }
        if (batch.size() > 0) {
            memory.addLast(new PendingBatch(batch, collectedAt));
            memorySamples += batch.size();
        }
        int stored = drain();
        boundMemory();
        publishDepth();
        return stored;
    }

    /** Stores what is pending, unless the store failed too recently; returns the samples acknowledged. */
    public synchronized int flush() {
        if (closed) {
            return 0;
        }
        int stored = drain();
        publishDepth();
        return stored;
    }

    public synchronized BufferDepth depth() {
        return new BufferDepth(memory.size(), memorySamples, spill == null ? 0 : spill.batches(),
                spill == null ? 0 : spill.bytes());
    }

    /** Samples dropped since this buffer was made, because memory and disk bounds were reached. */
    public long samplesDropped() {
        return (long) metrics.samplesDropped();
    }

    /**
     * Writes what memory still holds to the spill directory, for the next run to store first, and lets
     * go of the directory.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            keepMemoryForTheNextRun();
        } finally {
            if (spill != null) {
                spill.close();
            }
        }
    }

    private void keepMemoryForTheNextRun() {
        int batches = memory.size();
        int samples = memorySamples;
        if (batches == 0) {
            return;
        }
        if (spill == null) {
            LOG.log(System.Logger.Level.WARNING, "closing with {0} batches ({1} samples) the metric store has not "
                    + "taken and no spill directory to keep them: they are lost", batches, samples);
            dropMemory();
        } else {
            while (!memory.isEmpty()) {
                spillOldestInMemory();
            }
            LOG.log(System.Logger.Level.INFO, "wrote {0} pending batches ({1} samples) to {2} for the next start",
                    batches, samples, spill.path());
        }
        publishDepth();
    }

    private int drain() {
        Instant now = clock.instant();
        if (!backoff.ready(now)) {
            return 0;
        }
        boolean recovering = backoff.failing();
        int stored = 0;
        int batches = 0;
        try {
            for (Optional<Head> head = head(); head.isPresent(); head = head()) {
                PendingBatch batch = head.get().batch();
                sink.append(batch.batch());
                remove(head.get());
                stored += batch.size();
                batches++;
                metrics.acknowledged(batch, clock.instant());
            }
        } catch (StoreUnavailableException e) {
            Duration wait = backoff.failed(now);
            BufferDepth depth = depth();
            LOG.log(System.Logger.Level.WARNING, "metric store unavailable ({0}); keeping {1} batches in memory and "
                    + "{2} spilled, next attempt in {3}", e.getMessage(), depth.memoryBatches(),
                    depth.spilledBatches(), wait);
            return stored;
        }
        backoff.succeeded();
        if (recovering) {
            LOG.log(System.Logger.Level.INFO, "metric store available again: stored {0} pending batches ({1} samples)",
                    batches, stored);
        }
        return stored;
    }

    /** The oldest pending batch: the spill directory's first, else memory's. */
    private Optional<Head> head() {
        if (spill != null) {
            Optional<PendingBatch> spilled = spill.oldest();
            reportCorruptFiles();
            if (spilled.isPresent()) {
                return Optional.of(new Head(spilled.get(), true));
            }
        }
        return Optional.ofNullable(memory.peekFirst()).map(batch -> new Head(batch, false));
    }

    private void remove(Head head) {
        if (!head.spilled()) {
            memorySamples -= memory.removeFirst().size();
            return;
        }
        try {
            spill.removeOldest();
        } catch (IOException e) {
            // the store has the batch, and will ignore it by id if this file is offered again after a restart
            LOG.log(System.Logger.Level.WARNING, "could not delete a stored batch''s spill file in {0}: {1}",
                    spill.path(), e);
        }
    }

    /** Moves the oldest batches in memory to the spill directory, or drops them, until memory is within bound. */
    private void boundMemory() {
        if (memorySamples <= config.maxMemorySamples()) {
            return;
        }
        if (spill == null) {
            long dropped = 0;
            while (memorySamples > config.maxMemorySamples()) {
                PendingBatch oldest = memory.removeFirst();
                memorySamples -= oldest.size();
                dropped += oldest.size();
            }
            metrics.dropped(dropped);
            LOG.log(System.Logger.Level.WARNING, "dropped the {0} oldest pending samples: memory holds at most {1} "
                    + "and no spill directory is configured", dropped, config.maxMemorySamples());
            return;
        }
        while (memorySamples > config.maxMemorySamples()) {
            spillOldestInMemory();
        }
    }

    private void spillOldestInMemory() {
        PendingBatch oldest = memory.removeFirst();
        memorySamples -= oldest.size();
        try {
            long dropped = spill.append(oldest);
            if (dropped > 0) {
                metrics.dropped(dropped);
                LOG.log(System.Logger.Level.WARNING, "dropped {0} samples, oldest spill files first, to keep {1} "
                        + "within {2} bytes", dropped, spill.path(), config.maxSpillBytes());
            }
        } catch (IOException e) {
            metrics.dropped(oldest.size());
            LOG.log(System.Logger.Level.ERROR, "could not write batch " + oldest.batch().id() + " (" + oldest.size()
                    + " samples) to the spill directory " + spill.path() + ", so it is dropped: " + e
                    + ". Free space there or fix its permissions.");
        }
    }

    private void dropMemory() {
        metrics.dropped(memorySamples);
        memory.clear();
        memorySamples = 0;
    }

    private void reportCorruptFiles() {
        long now = spill.corruptFiles();
        metrics.corruptFiles(now - reportedCorruptFiles);
        reportedCorruptFiles = now;
    }

    private void publishDepth() {
        Instant oldest = null;
        if (spill != null) {
            reportCorruptFiles();
            oldest = spill.oldestCollectedAt().orElse(null);
        }
        if (oldest == null && !memory.isEmpty()) {
            oldest = memory.peekFirst().collectedAt();
        }
        metrics.depth(depth(), oldest);
    }

    private record Head(PendingBatch batch, boolean spilled) {
    }
}
