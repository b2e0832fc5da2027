package dev.hearth.node.serving;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The engine-time accounts behind {@link SlicePolicy#EQUAL_SHARE}: each active household holds a
 * bucket of engine nanoseconds, refilled at its weighted share of wall time ({@code weight / sum of
 * the active households' weights}) up to a burst, and drawn by every step its sequences
 * take part in, in proportion to the tokens they had in it. A household whose bucket is below zero
 * sits out steps until it refills. A household stays active for a while after it last had work, so
 * one that sends a request every few hundred milliseconds keeps its share between them.
 *
 * <p>Times are passed in ({@link System#nanoTime()} readings), so the accounting is exact to test. Not
 * thread-safe: the scheduler calls it under its own lock.
 */
final class EngineShares {
    /** How long a household counts as active after it last had work: a conversation's pauses. */
    static final long ACTIVE_NANOS = 5_000_000_000L;
    /** Engine time a household may save up, so one that was quiet gets its next steps at once. */
    static final long BURST_NANOS = 50_000_000L;
    /** How far back a household's recent use of the engine reaches (an exponential decay's time constant). */
    static final long USAGE_NANOS = 1_000_000_000L;
    /**
     * A household using more than this part of its share lately counts as heavy: it keeps the engine
     * busy, where one sending now and then uses a small part of its share.
     */
    static final double HEAVY_USAGE = 0.8;

    private final long burstNanos;
    private final long activeNanos;
    private final Map<String, Account> accounts = new HashMap<>();
    /** Time each household has sat out steps with work; kept after its account is forgotten (a counter). */
    private final Map<String, Long> heldNanos = new HashMap<>();
    private Set<String> held = Set.of();
    private long heldSince;
    private long refilledAt;
    private boolean started;

    private final class Account {
        double weight;
        long lastSeen;
        double balance = burstNanos; // a household that just arrived may step at once
        /** Engine nanoseconds used lately, decaying with {@link #USAGE_NANOS}: its rate of use. */
        double recent;
    }

    /**
     * @param burstNanos  engine time a household may save up
     * @param activeNanos how long a household counts as active after it last had work
     */
    EngineShares(long burstNanos, long activeNanos) {
        if (burstNanos < 0 || activeNanos < 0) {
            throw new IllegalArgumentException("burst and activity window must not be negative: " + burstNanos
                    + " ns, " + activeNanos + " ns");
        }
        this.burstNanos = burstNanos;
        this.activeNanos = activeNanos;
    }

    /** A 50 ms burst, households active for 5 s after their last work. */
    static EngineShares standard() {
        return new EngineShares(BURST_NANOS, ACTIVE_NANOS);
    }

    /**
     * Refills every active household for the time since the last call, then marks the households
     * with work now as active (a newcomer starts with a full bucket) and forgets those idle for longer
     * than the activity window.
     *
     * @param withWork each household with running sequences, and its weight
     */
    void refresh(Map<String, Double> withWork, long now) {
        if (started) {
            long elapsed = Math.max(0, now - refilledAt);
            double total = totalWeight();
            double decay = Math.exp(-(double) elapsed / USAGE_NANOS);
            for (Account a : accounts.values()) {
                a.balance = Math.min(burstNanos, a.balance + elapsed * a.weight / total);
                a.recent *= decay;
            }
        }
        started = true;
        refilledAt = now;
        for (Map.Entry<String, Double> e : withWork.entrySet()) {
            Account a = accounts.computeIfAbsent(e.getKey(), h -> new Account());
            a.weight = e.getValue();
            a.lastSeen = now;
        }
        for (Iterator<Account> it = accounts.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastSeen > activeNanos) {
                it.remove();
            }
        }
    }

    /** Whether the household may take part in the next step. */
    boolean eligible(String household) {
        Account a = accounts.get(household);
        return a == null || a.balance >= 0;
    }

    /**
     * A step's engine time split among the households in it, each in proportion to its tokens there.
     *
     * @param tokens    tokens each household had in the step (prompt chunks and decodes)
     * @param stepNanos how long the step took
     */
    static Map<String, Double> split(Map<String, Integer> tokens, long stepNanos) {
        long all = 0;
        for (int n : tokens.values()) {
            all += n;
        }
        Map<String, Double> used = new HashMap<>();
        if (all > 0) {
            for (Map.Entry<String, Integer> e : tokens.entrySet()) {
                used.put(e.getKey(), (double) stepNanos * e.getValue() / all);
            }
        }
        return used;
    }

    /** Draws the engine nanoseconds each household used in a step (see {@link #split}) from its bucket. */
    void charge(Map<String, Double> usedNanos) {
        usedNanos.forEach((household, used) -> {
            Account a = accounts.get(household);
            if (a != null) {
                a.balance -= used;
                a.recent += used;
            }
        });
    }

    /**
     * The households using up their share while another is active: those with less than half their
     * burst left, or that used more than {@link #HEAVY_USAGE} of their share of the engine lately.
     * Empty while one household is active alone: it has the whole engine.
     */
    Set<String> heavy() {
        if (accounts.size() < 2) {
            return Set.of();
        }
        double total = totalWeight();
        Set<String> heavy = new HashSet<>();
        accounts.forEach((h, a) -> {
            if (a.balance < burstNanos / 2.0 || a.recent / USAGE_NANOS > HEAVY_USAGE * a.weight / total) {
                heavy.add(h);
            }
        });
        return heavy;
    }

    /** Households active now: with work, or with work within the activity window. */
    int activeHouseholds() {
        return accounts.size();
    }

    /** Nanoseconds until the first of {@code households} may step again: 0 when one may now. */
    long untilEligible(Collection<String> households) {
        double total = totalWeight();
        double soonest = Double.MAX_VALUE;
        for (String h : households) {
            Account a = accounts.get(h);
            if (a == null || a.balance >= 0) {
                return 0;
            }
            soonest = Math.min(soonest, -a.balance * total / a.weight);
        }
        return soonest == Double.MAX_VALUE ? 0 : (long) Math.ceil(soonest);
    }

    /**
     * Notes the households with work that sit out what comes next (a step, or the wait when all do),
     * after adding the time since the last note to each household that sat out then.
     */
    void holdOut(Set<String> households, long now) {
        long elapsed = Math.max(0, now - heldSince);
        for (String h : held) {
            heldNanos.merge(h, elapsed, Long::sum);
        }
        held = Set.copyOf(households);
        heldSince = now;
    }

    /** Nanoseconds the household has sat out steps while it had work, up to the last note. */
    long heldNanos(String household) {
        return heldNanos.getOrDefault(household, 0L);
    }

    /** The household's engine-time balance in nanoseconds; for tests. */
    double balance(String household) {
        Account a = accounts.get(household);
        return a == null ? burstNanos : a.balance;
    }

    private double totalWeight() {
        double total = 0;
        for (Account a : accounts.values()) {
            total += a.weight;
        }
        return total == 0 ? 1 : total;
    }
}
