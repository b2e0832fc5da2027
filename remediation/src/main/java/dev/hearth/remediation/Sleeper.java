package dev.hearth.remediation;

import java.time.Duration;

/** Waits between retries; tests pass one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    static Sleeper real() {
        return d -> Thread.sleep(d.toMillis());
    }
}
