package dev.hearth.node.gateway;

import dev.hearth.node.households.HouseholdQuota;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-household admission at the gateway: concurrent requests, and a token bucket of
 * {@code tokensPerMinute} that refills continuously (a minute from empty to full), so a household
 * can burst up to a minute's budget and then proceeds at its rate. Quotas are read from the
 * household on every admission, so a changed quota applies from the next request.
 */
final class QuotaGate {
    private static final long MINUTE_MILLIS = 60_000;
    private final Clock clock;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    QuotaGate(Clock clock) {
        this.clock = clock;
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
        budget.admit(household, tokens, clock.millis());
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
        private double tokens;
        private long refilledAt;
        private boolean started;

        synchronized void admit(Household h, long cost, long now) {
            HouseholdQuota q = h.quota();
            refill(q, now);
            if (cost > q.tokensPerMinute()) {
                throw GatewayRejection.largerThanBudget(h, cost);
            }
            if (inFlight >= q.maxConcurrent()) {
                throw GatewayRejection.tooManyInFlight(h);
            }
            if (tokens < cost) {
                double waitMillis = (cost - tokens) * MINUTE_MILLIS / q.tokensPerMinute();
                throw GatewayRejection.tokensPerMinute(h, cost, Math.max(1, (long) Math.ceil(waitMillis / 1000)));
            }
            tokens -= cost;
            inFlight++;
        }

        synchronized void release() {
            inFlight--;
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
