package dev.hearth.collector.query;

import dev.hearth.model.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static dev.hearth.collector.query.MetricQueriesIT.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Counter rates and increases and histogram quantiles on a real PostgreSQL database, against values
 * computed by hand. Each test writes its own metric names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricQueriesCountersIT {
    private static final Instant T0 = Instant.parse("2025-03-01T23:59:40Z");
    private static final Map<String, String> OK = Map.of("outcome", "ok");

    private QueryDatabase db;
    private MetricQueries queries;

    @BeforeAll
    void createDatabase() {
        db = new QueryDatabase();
        queries = db.queries;
    }

    @AfterAll
    void dropDatabase() {
        db.close();
    }

    @Test
    void rateOfASteadyCounterIsItsGrowthOverTheTimeBetweenFirstAndLastReading() {
        String metric = "steady_requests_total";
        db.writeEvery(10, T0, "n1", metric, OK, 10, 20, 40);

        assertThat(queries.rate(SeriesSelector.metric(metric), T0.plusSeconds(20), Duration.ofMinutes(1)))
                .containsExactly(new SeriesValue(key("n1", metric, OK), 1.5));
    }

    @Test
    void aCounterResetCountsTheNewValueAsGrowthAndTheWindowStartIsExcluded() {
        String metric = "restarted_requests_total";
        // 100, 110, 130, restart, 5, 25 every 10 s across midnight
        db.writeEvery(10, T0, "n1", metric, OK, 100, 110, 130, 5, 25);
        SeriesSelector requests = SeriesSelector.metric(metric);
        Instant at = T0.plusSeconds(40);

        assertThat(queries.increase(requests, at, Duration.ofSeconds(41))).containsExactly(
                new CounterIncrease(key("n1", metric, OK), T0, at, 55, 1));
        assertThat(queries.rate(requests, at, Duration.ofSeconds(41))).containsExactly(
                new SeriesValue(key("n1", metric, OK), 1.375));
        // a 40 s window leaves out the reading exactly 40 s before: 110 → 130, restart, 5 → 25 over 30 s
        assertThat(queries.rate(requests, at, Duration.ofSeconds(40))).containsExactly(
                new SeriesValue(key("n1", metric, OK), 1.5));
    }

    @Test
    void aSeriesWithOneReadingInTheWindowHasNoRate() {
        String metric = "lonely_requests_total";
        db.writeEvery(60, T0, "n1", metric, OK, 1, 2);
        db.writeEvery(20, T0.minusSeconds(10), "n2", metric, OK, 5, 6);

        assertThat(queries.rate(SeriesSelector.metric(metric), T0.plusSeconds(60), Duration.ofSeconds(60)))
                .isEmpty();
        assertThat(queries.increase(SeriesSelector.metric(metric), T0.plusSeconds(60), Duration.ofSeconds(61)))
                .extracting(CounterIncrease::series).containsExactly(key("n1", metric, OK));
    }

    @Test
    void nanAndInfiniteReadingsComeBackAsWritten() {
        String metric = "odd_values_ratio";
        db.writeEvery(1, T0, "n1", metric, Map.of(), Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1);

        assertThat(queries.range(SeriesSelector.metric(metric), T0.minusSeconds(1), T0.plusSeconds(3)))
                .flatExtracting(SeriesPoints::points).extracting(Point::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1);
    }

    @Test
    void quantilePerNodeAndOverAllNodesFromBucketIncreases() {
        String metric = "latency_seconds_bucket";
        // increases over the minute, cumulative: n1 20, 60, 80, 100; n2 0, 0, 50, 100. The bounds are
        // spelled as different clients spell them, and a bucket with an unreadable bound is skipped.
        buckets(metric, "n1", "0.25", 10, 30);
        buckets(metric, "n1", "5e-1", 20, 80);
        buckets(metric, "n1", "1.0", 25, 105);
        buckets(metric, "n1", "+Inf", 25, 125);
        buckets(metric, "n1", "fast", 0, 1000);
        buckets(metric, "n2", "0.25", 7, 7);
        buckets(metric, "n2", "0.5", 7, 7);
        buckets(metric, "n2", "1", 7, 57);
        buckets(metric, "n2", "+Inf", 7, 107);
        SeriesSelector latency = SeriesSelector.metric(metric);
        Instant at = T0.plusSeconds(60);
        // the window must reach past T0: it leaves out a reading exactly its length before `at`
        Duration minute = Duration.ofSeconds(61);

        // n1 rank 50 in (0.25, 0.5]: 0.25 + 0.25 * 30/40; n2 rank 50 in (0.5, 1], 0..50: 1
        assertThat(queries.histogramQuantile(0.5, latency, at, minute, Grouping.byNode())).containsExactly(
                new GroupValue(new SeriesGroup(Optional.of("n1"), new TreeMap<>()), 0.4375),
                new GroupValue(new SeriesGroup(Optional.of("n2"), new TreeMap<>()), 1.0));
        // n1 rank 10 of the lowest bucket's 20, interpolated from 0; n2 rank 10 in (0.5, 1], 0..50
        assertThat(queries.histogramQuantile(0.1, latency, at, minute, Grouping.byNode()))
                .extracting(GroupValue::value).containsExactly(0.125, 0.6);
        // ranks 97.5 of 100 fall in the +Inf buckets: the highest finite bound
        assertThat(queries.histogramQuantile(0.975, latency, at, minute, Grouping.byNode()))
                .extracting(GroupValue::value).containsExactly(1.0, 1.0);
        // both nodes summed: 20, 60, 130, 200; rank 60 is exactly the (0.25, 0.5] bucket's count
        assertThat(queries.histogramQuantile(0.3, latency, at, minute, Grouping.none())).containsExactly(
                new GroupValue(new SeriesGroup(Optional.empty(), new TreeMap<>()), 0.5));
    }

    @Test
    void noObservationsOrNoInfiniteBucketIsNaN() {
        String idle = "idle_seconds_bucket";
        buckets(idle, "n1", "0.5", 3, 3);
        buckets(idle, "n1", "+Inf", 4, 4);
        String cut = "cut_seconds_bucket";
        buckets(cut, "n1", "0.5", 3, 5);
        buckets(cut, "n1", "1", 3, 9);
        Instant at = T0.plusSeconds(60);

        assertThat(queries.histogramQuantile(0.5, SeriesSelector.metric(idle), at, Duration.ofMinutes(2),
                Grouping.byNode())).extracting(GroupValue::value).containsExactly(Double.NaN);
        assertThat(queries.histogramQuantile(0.5, SeriesSelector.metric(cut), at, Duration.ofMinutes(2),
                Grouping.byNode())).extracting(GroupValue::value).containsExactly(Double.NaN);
    }

    @Test
    void groupsByLabelsWithAMissingLabelReadingAsEmpty() {
        String metric = "hop_seconds_bucket";
        for (String node : List.of("n1", "n2")) {
            bucketsWith(metric, node, Map.of("phase", "send", "le", "1"), 0, 10);
            bucketsWith(metric, node, Map.of("phase", "send", "le", "+Inf"), 0, 10);
        }
        bucketsWith(metric, "n3", Map.of("le", "2"), 0, 10);
        bucketsWith(metric, "n3", Map.of("le", "+Inf"), 0, 10);

        // "send": 20 observations at or below 1, rank 10 → 0.5; no phase: rank 5 of 10 in (0, 2] → 1
        assertThat(queries.histogramQuantile(0.5, SeriesSelector.metric(metric), T0.plusSeconds(60),
                Duration.ofMinutes(2), Grouping.byLabels("phase"))).containsExactly(
                new GroupValue(new SeriesGroup(Optional.empty(), new TreeMap<>(Map.of("phase", ""))), 1.0),
                new GroupValue(new SeriesGroup(Optional.empty(), new TreeMap<>(Map.of("phase", "send"))), 0.5));
    }

    @Test
    void quantileArgumentsAreCheckedWithTheFix() {
        SeriesSelector buckets = SeriesSelector.metric("hearth_node_request_duration_seconds_bucket");

        assertThatThrownBy(() -> queries.histogramQuantile(Double.NaN, buckets, T0, Duration.ofMinutes(5),
                Grouping.byNode()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quantile NaN of hearth_node_request_duration_seconds_bucket is not between 0 and 1; "
                        + "pass e.g. 0.99 for the 99th percentile");
        assertThatThrownBy(() -> queries.histogramQuantile(99, buckets, T0, Duration.ofMinutes(5), Grouping.none()))
                .hasMessageStartingWith("quantile 99.0 of ");
        assertThatThrownBy(() -> queries.histogramQuantile(0.99, SeriesSelector.metric(
                "hearth_node_request_duration_seconds"), T0, Duration.ofMinutes(5), Grouping.none()))
                .hasMessage("histogram quantile needs the bucket series of a histogram, but "
                        + "hearth_node_request_duration_seconds does not end in _bucket; pass "
                        + "hearth_node_request_duration_seconds_bucket if that is the histogram");
        assertThatThrownBy(() -> queries.rate(buckets, T0, Duration.ofSeconds(-30)))
                .hasMessage("window PT-30S for the rate of hearth_node_request_duration_seconds_bucket is not "
                        + "positive; pass a positive duration, e.g. Duration.ofMinutes(5)");
    }

    /** A bucket counter read at T0 and T0 + 60 s. */
    private void buckets(String metric, String node, String le, double before, double after) {
        bucketsWith(metric, node, Map.of("le", le), before, after);
    }

    private void bucketsWith(String metric, String node, Map<String, String> labels, double before, double after) {
        db.write(new Sample(T0, node, metric, labels, before), new Sample(T0.plusSeconds(60), node, metric, labels, after));
    }
}
