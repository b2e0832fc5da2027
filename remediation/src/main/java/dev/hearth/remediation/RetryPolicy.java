package dev.hearth.remediation;

import java.time.Duration;

/**
 * How a retryable backend failure is retried: up to {@code attempts} tries in all, waiting
 * {@code initialBackoff} and doubling up to {@code maxBackoff} between them; each try is bounded by
 * {@code timeout}, after which it counts as a retryable failure.
 */
public record RetryPolicy(int attempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts " + attempts + " must be at least 1");
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff " + initialBackoff + " to " + maxBackoff
                    + " must be non-negative and grow");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** Three tries, 200 ms then 400 ms apart, 10 s each. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    public Duration backoffBefore(int attempt) {
        long ms = initialBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 2));
        return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
    }
}
