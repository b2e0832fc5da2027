package dev.hearth.remediation;

import java.time.Duration;

/** At most {@code max} actions of one type within {@code per}. */
public record RateLimit(int max, Duration per) {
    public RateLimit {
        if (max < 1) {
            throw new IllegalArgumentException("a rate limit of " + max + " actions would allow none; use at least 1");
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate limit's period must be positive, was " + per);
        }
    }
}
