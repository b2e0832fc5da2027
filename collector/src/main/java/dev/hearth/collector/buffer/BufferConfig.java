package dev.hearth.collector.buffer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How much the collector keeps while the metric store is unavailable, and how often it asks again.
 *
 * @param maxMemorySamples samples held in memory; beyond them the oldest batches go to the spill
 *                         directory, or are dropped when there is none
 * @param spillDirectory   where batches beyond the memory bound are written; empty to keep memory only
 * @param maxSpillBytes    bytes of spill files at most; beyond them the oldest files are dropped
 * @param initialBackoff   the wait after the first failed attempt to store; it doubles after each
 *                         further failure up to {@code maxBackoff} and starts over after a success
 * @param maxBackoff       the longest wait between two attempts
 */
public record BufferConfig(int maxMemorySamples, Optional<Path> spillDirectory, long maxSpillBytes,
                           Duration initialBackoff, Duration maxBackoff) {
    public static final long DEFAULT_MAX_SPILL_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public BufferConfig {
        Objects.requireNonNull(spillDirectory, "spillDirectory");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxMemorySamples < 0) {
            throw new IllegalArgumentException("maxMemorySamples is " + maxMemorySamples
                    + "; it must be 0 (keep nothing in memory when the store is down) or more");
        }
        if (maxSpillBytes < 0) {
            throw new IllegalArgumentException("maxSpillBytes is " + maxSpillBytes
                    + "; it must be 0 (spill nothing) or more, e.g. " + DEFAULT_MAX_SPILL_BYTES);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("the store retry backoff " + initialBackoff + " to " + maxBackoff
                    + " is not a range: give 0 or more, the maximum at least the initial wait (e.g. PT1S to PT30S)");
        }
    }

    /** Memory only, with the default backoff: what is beyond {@code maxMemorySamples} is dropped. */
    public static BufferConfig inMemory(int maxMemorySamples) {
        return new BufferConfig(maxMemorySamples, Optional.empty(), 0, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** Memory, then up to {@link #DEFAULT_MAX_SPILL_BYTES} in {@code spillDirectory}, with the default backoff. */
    public static BufferConfig withSpill(int maxMemorySamples, Path spillDirectory) {
        return new BufferConfig(maxMemorySamples, Optional.of(spillDirectory), DEFAULT_MAX_SPILL_BYTES,
                DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** This configuration with another backoff range. */
    public BufferConfig withBackoff(Duration initial, Duration max) {
        return new BufferConfig(maxMemorySamples, spillDirectory, maxSpillBytes, initial, max);
    }

    /** This configuration with another disk bound. */
    public BufferConfig withMaxSpillBytes(long bytes) {
        return new BufferConfig(maxMemorySamples, spillDirectory, bytes, initialBackoff, maxBackoff);
    }
}
