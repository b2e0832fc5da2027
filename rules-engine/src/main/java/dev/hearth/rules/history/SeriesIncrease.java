package dev.hearth.rules.history;

import dev.hearth.model.Sample;

import java.util.Objects;

/**
 * How much one counter series rose between two of its samples.
 *
 * @param start  the sample the increase is measured from
 * @param end    the sample it is measured to (the same as {@code start} when the series has one sample)
 * @param amount the rise, counting from zero after each reset
 */
public record SeriesIncrease(Sample start, Sample end, double amount) {
    public SeriesIncrease {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!(amount >= 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("counter " + end.metric() + " of node " + end.node()
                    + " rose by " + amount + "; an increase must be a finite number of at least 0");
        }
        if (end.time().isBefore(start.time())) {
            throw new IllegalArgumentException("increase of " + end.metric() + " ends at " + end.time()
                    + " before it starts at " + start.time());
        }
    }

    public String node() {
        return end.node();
    }

    public String label(String name) {
        return end.label(name);
    }
}
