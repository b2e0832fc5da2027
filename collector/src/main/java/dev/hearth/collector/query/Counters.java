package dev.hearth.collector.query;

import java.util.List;
import java.util.Optional;

/** Counter arithmetic on the readings of one series, as Prometheus does it, without extrapolation. */
final class Counters {
    private Counters() {
    }

    /**
     * The increase from the first to the last of {@code points} (oldest first). A reading below the one
     * before it means the counter restarted from 0, so the value before the drop is added back. As in
     * Prometheus, every comparison with a NaN reading is false, so a NaN between the first and last
     * reading is neither a restart nor part of the sum, while a NaN first or last reading makes the
     * increase NaN. Empty when there are fewer than two readings or they all share one time: no rate can
     * be taken from them.
     */
    static Optional<CounterIncrease> increase(SeriesKey series, List<Point> points) {
        if (points.size() < 2) {
            return Optional.empty();
        }
        Point first = points.get(0);
        Point last = points.get(points.size() - 1);
        if (!first.time().isBefore(last.time())) {
            return Optional.empty();
        }
        double lost = 0;
        int resets = 0;
        double previous = first.value();
        for (int i = 1; i < points.size(); i++) {
            double current = points.get(i).value();
            if (current < previous) {
                lost += previous;
                resets++;
            }
            previous = current;
        }
        return Optional.of(new CounterIncrease(series, first.time(), last.time(),
                last.value() - first.value() + lost, resets));
    }
}
