package dev.hearth.collector.query;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Reset-aware counter increase, without a database. */
class CountersTest {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:00Z");
    private static final SeriesKey SERIES = new SeriesKey("n1", "hearth_node_requests_total",
            new TreeMap<>(Map.of("outcome", "ok")));

    @Test
    void aSteadyCounterGrowsByLastMinusFirst() {
        CounterIncrease increase = Counters.increase(SERIES, points(10, 20, 40)).orElseThrow();

        assertThat(increase).isEqualTo(new CounterIncrease(SERIES, T0, T0.plusSeconds(20), 30, 0));
        assertThat(increase.perSecond()).isEqualTo(1.5);
    }

    @Test
    void aDropIsARestartFromZeroSoTheNewValueIsAdded() {
        // 100 → 110 → 130, restart, 5 → 25: 10 + 20 + 5 + 20
        CounterIncrease increase = Counters.increase(SERIES, points(100, 110, 130, 5, 25)).orElseThrow();

        assertThat(increase.increase()).isEqualTo(55);
        assertThat(increase.resets()).isEqualTo(1);
        assertThat(increase.perSecond()).isEqualTo(1.375);
    }

    @Test
    void twoRestartsInARow() {
        // 50, restart to 3, restart to 1, then 4: 3 + 1 + 3
        assertThat(Counters.increase(SERIES, points(50, 3, 1, 4)).orElseThrow().increase()).isEqualTo(7);
    }

    @Test
    void aNaNReadingIsNeitherARestartNorAStepButANaNEndMakesTheIncreaseNaN() {
        CounterIncrease inMiddle = Counters.increase(SERIES, points(10, Double.NaN, 20)).orElseThrow();

        assertThat(inMiddle.increase()).isEqualTo(10);
        assertThat(inMiddle.resets()).isZero();
        assertThat(Counters.increase(SERIES, points(10, 20, Double.NaN)).orElseThrow().increase()).isNaN();
    }

    @Test
    void fewerThanTwoReadingsOrNoTimeBetweenThemGiveNothing() {
        assertThat(Counters.increase(SERIES, List.of())).isEmpty();
        assertThat(Counters.increase(SERIES, points(7))).isEmpty();
        assertThat(Counters.increase(SERIES, List.of(new Point(T0, 1), new Point(T0, 2)))).isEmpty();
    }

    /** One reading every 10 seconds from T0. */
    private static List<Point> points(double... values) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new Point(T0.plusSeconds(10L * i), values[i]));
        }
        return points;
    }
}
