package dev.hearth.node.gateway;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Holds a quota refusal that came at once until a minimum time has passed since the request arrived.
 * A client that ignores {@code Retry-After} and asks again at once is then paced by the gateway, as
 * the wait for a household's slot paces one over its concurrency quota, instead of spinning through
 * refusals that each cost the gateway CPU every other household needs. At most {@code capacity}
 * refusals are held at a time; beyond that they go out at once, so a client with many connections
 * cannot tie up the server's threads.
 */
final class RefusalPacing {
    /** How the holding thread waits; tests record instead of sleeping. */
    @FunctionalInterface
    interface Pause {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long minimumNanos;
    private final Semaphore held;
    private final Pause pause;

    RefusalPacing(Duration minimum, int capacity, Pause pause) {
        if (minimum.isNegative() || capacity < 0) {
            throw new IllegalArgumentException("refusal pacing needs a minimum of at least 0 and a capacity of at"
                    + " least 0, got " + minimum + " and " + capacity);
        }
        this.minimumNanos = minimum.toNanos();
        this.held = new Semaphore(capacity);
        this.pause = pause;
    }

    static RefusalPacing sleeping(Duration minimum, int capacity) {
        return new RefusalPacing(minimum, capacity, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    /**
     * Waits out the rest of the minimum for a refusal decided {@code elapsedNanos} after its request
     * arrived, when a place to hold it is free; returns at once otherwise.
     */
    void hold(long elapsedNanos) {
        long rest = minimumNanos - elapsedNanos;
        if (rest <= 0 || !held.tryAcquire()) {
            return;
        }
        try {
            pause.sleep(rest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            held.release();
        }
    }
}
