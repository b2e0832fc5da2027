package dev.hearth.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Test double of {@link Clock}: stands still until the test moves it. */
public final class ManualClockDouble extends Clock {
    private volatile Instant now;

    public ManualClockDouble(Instant start) {
        this.now = start;
    }

    /** Moves the clock on by {@code d}; returns the new time. */
    public synchronized Instant advance(Duration d) {
        now = now.plus(d);
        return now;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
