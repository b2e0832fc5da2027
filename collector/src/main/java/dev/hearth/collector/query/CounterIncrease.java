package dev.hearth.collector.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How much a counter grew between its first and last reading inside a window, counter resets
 * included: {@code increase} is {@code last - first} plus, for every drop, the value just before the
 * drop (the counter restarted from 0). No extrapolation to the window's edges is done.
 *
 * @param first  time of the first reading in the window
 * @param last   time of the last reading in the window, after {@code first}
 * @param resets how many drops (restarts) were seen
 */
public record CounterIncrease(SeriesKey series, Instant first, Instant last, double increase, int resets) {
    public CounterIncrease {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (!first.isBefore(last)) {
            throw new IllegalArgumentException("increase of " + series + " needs its first reading (" + first
                    + ") before its last (" + last + ")");
        }
    }

    /** Increase per second over the time between the first and the last reading. */
    public double perSecond() {
        Duration span = Duration.between(first, last);
        return increase / (span.getSeconds() + span.getNano() / 1e9);
    }
}
