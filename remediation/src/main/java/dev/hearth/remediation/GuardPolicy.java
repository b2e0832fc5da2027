package dev.hearth.remediation;

import dev.hearth.model.ActionType;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The limits remediation never exceeds on its own.
 *
 * @param maxIsolatedShare        at most this share of the fleet may be isolated at once (0..1)
 * @param maxIsolationsPerWindow  the breaker trips on an isolation beyond this many within {@code window}
 * @param window                  the breaker's sliding window
 * @param spareReplicas           replicas of a shard that may be out of service (N+2: two); a shard keeps
 *                                at least its replication minus this many, and never fewer than one
 * @param rateLimits              per action type; an action over its limit is deferred
 * @param errorBudgetCost         the share of the error budget an action type is expected to spend; one that
 *                                would spend more than is left is refused
 */
public record GuardPolicy(double maxIsolatedShare, int maxIsolationsPerWindow, Duration window, int spareReplicas,
                          Map<ActionType, RateLimit> rateLimits, Map<ActionType, Double> errorBudgetCost) {
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
        if (spareReplicas < 0) {
            throw new IllegalArgumentException("spareReplicas " + spareReplicas + " must not be negative");
        }
        rateLimits = Map.copyOf(rateLimits);
        errorBudgetCost.forEach((type, cost) -> {
            if (!(cost >= 0 && cost <= 1)) {
                throw new IllegalArgumentException("the error budget cost of " + type + " is " + cost
                        + "; give a share between 0 and 1");
            }
        });
        errorBudgetCost = Map.copyOf(errorBudgetCost);
    }

    /** N+2, default rate limits and error budget costs, with the given share and breaker. */
    public GuardPolicy(double maxIsolatedShare, int maxIsolationsPerWindow, Duration window) {
        this(maxIsolatedShare, maxIsolationsPerWindow, window, 2, defaultRateLimits(), defaultCosts());
    }

    /** Half the fleet, the breaker trips past three isolations in ten minutes. */
    public static GuardPolicy defaults() {
        return new GuardPolicy(0.5, 3, Duration.ofMinutes(10));
    }

    public GuardPolicy withRateLimits(Map<ActionType, RateLimit> limits) {
        return new GuardPolicy(maxIsolatedShare, maxIsolationsPerWindow, window, spareReplicas, limits, errorBudgetCost);
    }

    public GuardPolicy withErrorBudgetCost(Map<ActionType, Double> costs) {
        return new GuardPolicy(maxIsolatedShare, maxIsolationsPerWindow, window, spareReplicas, rateLimits, costs);
    }

    public double costOf(ActionType type) {
        return errorBudgetCost.getOrDefault(type, 0.0);
    }

    /** Actions that move load or restart things go slowly; tickets and notices only against storms. */
    private static Map<ActionType, RateLimit> defaultRateLimits() {
        Map<ActionType, RateLimit> m = new EnumMap<>(ActionType.class);
        m.put(ActionType.RESCHEDULE_SHARDS, new RateLimit(2, Duration.ofMinutes(10)));
        m.put(ActionType.PROMOTE_STANDBY, new RateLimit(3, Duration.ofMinutes(10)));
        m.put(ActionType.REBALANCE, new RateLimit(6, Duration.ofMinutes(10)));
        m.put(ActionType.SET_POWER_STATE, new RateLimit(10, Duration.ofMinutes(10)));
        m.put(ActionType.RESTART_SERVICE, new RateLimit(3, Duration.ofMinutes(10)));
        m.put(ActionType.OPEN_REPAIR_TICKET, new RateLimit(20, Duration.ofHours(1)));
        m.put(ActionType.OPEN_REPLACEMENT_TICKET, new RateLimit(20, Duration.ofHours(1)));
        m.put(ActionType.NOTIFY, new RateLimit(30, Duration.ofHours(1)));
        return m;
    }

    /**
     * Isolation drains gracefully and costs nothing; a restart drops the node's in-flight requests and
     * a placement change replays sequences, so both are expected to spend a little of the budget.
     */
    private static Map<ActionType, Double> defaultCosts() {
        Map<ActionType, Double> m = new EnumMap<>(ActionType.class);
        m.put(ActionType.RESTART_SERVICE, 0.05);
        m.put(ActionType.RESCHEDULE_SHARDS, 0.02);
        m.put(ActionType.PROMOTE_STANDBY, 0.01);
        m.put(ActionType.SET_POWER_STATE, 0.01);
        return m;
    }
}
