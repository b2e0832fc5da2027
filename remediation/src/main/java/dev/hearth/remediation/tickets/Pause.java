package dev.hearth.remediation.tickets;

import java.time.Duration;

/** Waits between delivery attempts; {@code Thread::sleep} in production. */
@FunctionalInterface
public interface Pause {
    void pause(Duration duration) throws InterruptedException;

    static Pause sleeping() {
        return d -> Thread.sleep(d.toMillis());
    }
}
