package dev.hearth.node.gateway;

import dev.hearth.node.households.HouseholdQuota;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-household admission at the gateway: concurrent requests, and a token bucket of
 * {@code tokensPerMinute} that refills continuously (a minute from empty to full), so a household
 * can burst up to a minute's budget and then proceeds at its rate. Quotas are read from the
 * household on every admission, so a changed quota applies from the next request.
 *
 * <p>A request over the concurrency quota waits up to {@code slotWait} for one of its household's
 * slots before it is refused, like a proxy's burst queue: a short burst is smoothed instead of
 * failed, and a client that ignores {@code Retry-After} is paced by the wait instead of spinning
 * through refusals that cost the gateway CPU every other household needs. At most
 * {@link #WAITERS_PER_SLOT} requests per slot wait; the rest are refused at once, so one household
 * cannot tie up the server's threads.
 */
final class QuotaGate {
    /** Requests that may wait per concurrency slot of a household. */
    static final int WAITERS_PER_SLOT = 4;
    private static final long MINUTE_MILLIS = 60_000;
    private final Clock clock;
    private final long slotWaitNanos;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    /**
     * @param clock    the time the tokens-per-minute budgets refill by
     * @param slotWait how long a request over the concurrency quota waits for a slot (zero: refuse at once)
     */
    QuotaGate(Clock clock, Duration slotWait) {
        if (slotWait.isNegative()) {
            throw new IllegalArgumentException("the wait for a household's slot must not be negative, got " + slotWait);
        }
        this.clock = clock;
        this.slotWaitNanos = slotWait.toNanos();
    }

    /** A request that got in; closing it frees its concurrency slot (more than once is harmless). */
    interface Admission extends AutoCloseable {
        Admission NONE = () -> { };

        @Override
        void close();
    }

    /**
     * Admits one request that counts {@code tokens} against the budget, or refuses it leaving the
     * budget as it was.
     *
     * @throws GatewayRejection 429 over a quota (with the seconds to wait), 400 when {@code tokens}
     *                          exceed the whole per-minute budget
     */
    Admission admit(Household household, long tokens) {
        Budget budget = budgets.computeIfAbsent(household.id(), id -> new Budget());
        budget.admit(household, tokens, clock, slotWaitNanos);
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                budget.release();
            }
        };
    }

    /** Tokens the household could spend now; for tests. */
    double available(Household household) {
        Budget b = budgets.get(household.id());
        return b == null ? household.quota().tokensPerMinute() : b.available(household.quota(), clock.millis());
    }

    private static final class Budget {
        private int inFlight;
        private int waiting;
        private double tokens;
        private long refilledAt;
        private boolean started;

        synchronized void admit(Household h, long cost, Clock clock, long slotWaitNanos) {
            HouseholdQuota q = h.quota();
            if (cost > q.tokensPerMinute()) {
                throw GatewayRejection.largerThanBudget(h, cost);
            }
            requireTokens(h, cost, clock.millis()); // no wait for a slot helps a spent budget: refuse at once
            if (inFlight >= q.maxConcurrent()) {
                awaitSlot(h, slotWaitNanos);
                try {
                    requireTokens(h, cost, clock.millis()); // others of the household may have spent it meanwhile
                } catch (GatewayRejection e) {
                    notify(); // this waiter was woken for a slot it does not take: the next may take it
                    throw e;
                }
            }
            tokens -= cost;
            inFlight++;
        }

        private void requireTokens(Household h, long cost, long now) {
            HouseholdQuota q = h.quota();
            refill(q, now);
            if (tokens < cost) {
                double waitMillis = (cost - tokens) * MINUTE_MILLIS / q.tokensPerMinute();
                throw GatewayRejection.tokensPerMinute(h, cost, Math.max(1, (long) Math.ceil(waitMillis / 1000)));
            }
        }

        /** Waits, holding no slot, until one of the household's slots frees or the wait is over. */
        private void awaitSlot(Household h, long slotWaitNanos) {
            if (slotWaitNanos == 0 || waiting >= WAITERS_PER_SLOT * h.quota().maxConcurrent()) {
                throw GatewayRejection.tooManyInFlight(h);
            }
            waiting++;
            try {
                long deadline = System.nanoTime() + slotWaitNanos;
                while (inFlight >= h.quota().maxConcurrent()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw GatewayRejection.tooManyInFlight(h);
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (inFlight < h.quota().maxConcurrent()) {
                    notify(); // it may have been woken for a slot it now leaves: pass it on
                }
                throw GatewayRejection.tooManyInFlight(h);
            } finally {
                waiting--;
            }
        }

        synchronized void release() {
            inFlight--;
            // one slot freed, one waiter woken: waking them all would set every waiting thread running
            // for each request of a flooding household, only for all but one to wait again; a waiter
            // that does not take the slot passes the wake-up on
            notify();
        }

        synchronized double available(HouseholdQuota q, long now) {
            refill(q, now);
            return tokens;
        }

        private void refill(HouseholdQuota q, long now) {
            if (!started) {
                started = true;
                tokens = q.tokensPerMinute();
                refilledAt = now;
                return;
            }
            // a clock stepping backwards refills nothing; beyond a minute the bucket is full anyway
            long elapsed = Math.min(MINUTE_MILLIS, Math.max(0, now - refilledAt));
            tokens = Math.min(q.tokensPerMinute(), tokens + (double) (elapsed * q.tokensPerMinute()) / MINUTE_MILLIS);
            refilledAt = Math.max(refilledAt, now);
        }
    }
}
