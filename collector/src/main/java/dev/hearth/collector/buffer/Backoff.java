package dev.hearth.collector.buffer;

import java.time.Duration;
import java.time.Instant;

/**
 * When to ask the store again after it failed: a wait that doubles with each consecutive failure, up
 * to a maximum, and is forgotten after a success. Not thread-safe; its buffer serialises the calls.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration next;
    private Instant notBefore;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    boolean ready(Instant now) {
        return notBefore == null || !now.isBefore(notBefore);
    }

    /** Records a failed attempt at {@code now}; returns how long the next one waits. */
    Duration failed(Instant now) {
        Duration wait = next;
        notBefore = now.plus(wait);
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return wait;
    }

    void succeeded() {
        next = initial;
        notBefore = null;
    }

    /** True after a failure until the next success. */
    boolean failing() {
        return notBefore != null;
    }
}
