package dev.hearth.remediation;

import java.time.Duration;

/**
 * The limits remediation never exceeds on its own.
 *
 * @param maxIsolatedShare        at most this share of the fleet may be isolated at once (0..1)
 * @param maxIsolationsPerWindow  at most this many isolations within {@code window}
 */
public record GuardPolicy(double maxIsolatedShare, int maxIsolationsPerWindow, Duration window) {
    public GuardPolicy {
        if (!(maxIsolatedShare >= 0 && maxIsolatedShare <= 1)) {
            throw new IllegalArgumentException("maxIsolatedShare " + maxIsolatedShare + " must be between 0 and 1");
        }
        if (maxIsolationsPerWindow < 0) {
            throw new IllegalArgumentException("maxIsolationsPerWindow must not be negative");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    /** Half the fleet, at most three isolations in ten minutes. */
    public static GuardPolicy defaults() {
        return new GuardPolicy(0.5, 3, Duration.ofMinutes(10));
    }
}
