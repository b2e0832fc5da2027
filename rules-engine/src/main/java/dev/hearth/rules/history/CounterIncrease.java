package dev.hearth.rules.history;

import dev.hearth.model.Sample;

import java.util.Objects;

/**
 * A counter rose by {@code amount} at {@code sample}'s time.
 *
 * @param sample the sample that shows the new counter value
 */
public record CounterIncrease(Sample sample, double amount) {
    public CounterIncrease {
        Objects.requireNonNull(sample, "sample");
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("counter " + sample.metric() + " of node " + sample.node()
                    + " rose by " + amount + " at " + sample.time() + "; a rise must be a positive finite number");
        }
    }
}
