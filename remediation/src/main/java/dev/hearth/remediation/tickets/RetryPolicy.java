package dev.hearth.remediation.tickets;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard one delivery round tries: at most {@code maxAttempts} attempts, each given {@code attemptTimeout}
 * to connect and to answer, with a pause between attempts that doubles from {@code firstBackoff} up to
 * {@code maxBackoff}. A round therefore ends within about maxAttempts × attemptTimeout plus the pauses.
 */
public record RetryPolicy(int maxAttempts, Duration attemptTimeout, Duration firstBackoff, Duration maxBackoff) {
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("maxAttempts " + maxAttempts + " is outside 1..20;"
                    + " later cycles retry undelivered tickets, so a round needs only a few");
        }
        requirePositive(attemptTimeout, "attemptTimeout");
        requirePositive(firstBackoff, "firstBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than firstBackoff "
                    + firstBackoff);
        }
    }

    /** Three attempts of 5 s each, pausing 1 s then 2 s. */
    public static RetryPolicy standard() {
        return new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /** The pause after failed attempt {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, not " + attempt);
        }
        Duration pause = firstBackoff;
        for (int i = 1; i < attempt && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
    }
}
