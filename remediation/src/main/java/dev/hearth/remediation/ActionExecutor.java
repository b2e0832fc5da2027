package dev.hearth.remediation;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends an action to the backend for its type: each try bounded by the retry policy's timeout,
 * retryable failures tried again with backoff, the rest answered at once.
 */
public final class ActionExecutor {
    private final Backends backends;
    private final RetryPolicy retry;
    private final Sleeper sleeper;
    private final ExecutorService calls;

    /** @param calls runs each backend call, so that a call that hangs can be given up on */
    public ActionExecutor(Backends backends, RetryPolicy retry, Sleeper sleeper, ExecutorService calls) {
        this.backends = backends;
        this.retry = retry;
        this.sleeper = sleeper;
        this.calls = calls;
    }

    public Execution execute(PlannedAction action) {
        long start = System.nanoTime();
        Optional<FleetActuator> backend = backends.forType(action.type());
        if (backend.isEmpty()) {
            return new Execution(Outcome.NOT_APPLICABLE, backends.whyNot(action.type()), 0, Duration.ZERO);
        }
        String last = null;
        int attempt = 0;
        while (attempt < retry.attempts()) {
            attempt++;
            if (attempt > 1) {
                try {
                    sleeper.sleep(retry.backoffBefore(attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return failed("interrupted before try " + attempt + " after: " + last, attempt - 1, start);
                }
            }
            try {
                once(backend.get(), action);
                return new Execution(Outcome.EXECUTED, action.reason(), attempt, since(start));
            } catch (ActuationException e) {
                last = e.getMessage();
                if (!e.retryable()) {
                    return failed(last, attempt, start);
                }
            }
        }
        return failed(last + (retry.attempts() > 1 ? " (after " + retry.attempts() + " tries)" : ""), attempt, start);
    }

    private void once(FleetActuator backend, PlannedAction action) throws ActuationException {
        Future<?> call = calls.submit(() -> {
            backend.execute(action);
            return null;
        });
        try {
            call.get(retry.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw ActuationException.retryable("the " + action.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " backend did not answer within " + retry.timeout().toMillis() + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ActuationException a) {
                throw a;
            }
            throw new ActuationException("the backend failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new ActuationException("interrupted while waiting for the backend", e);
        }
    }

    private static Execution failed(String why, int attempts, long start) {
        return new Execution(Outcome.FAILED, why, attempts, since(start));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
