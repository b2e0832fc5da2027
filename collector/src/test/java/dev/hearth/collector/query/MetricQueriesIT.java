package dev.hearth.collector.query;

import dev.hearth.collector.StoreUnavailableException;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Windows, newest values, selectors and staleness on a real PostgreSQL database. Each test writes its
 * own metric names, so the tests share one database without seeing each other's series.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricQueriesIT {
    /** Just before a UTC midnight, so windows cross two day partitions. */
    private static final Instant AT = Instant.parse("2025-03-02T00:00:30Z");

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
    void rangeIsLeftOpenRightClosedSortedBySeriesAndOldestFirst() {
        String metric = "range_temperature_celsius";
        Map<String, String> gpu = Map.of("sensor", "GPU");
        Map<String, String> cpu = Map.of("sensor", "CPU");
        db.write(new Sample(AT, "n2", metric, cpu, 4), new Sample(AT.minusSeconds(60), "n1", metric, gpu, 1),
                new Sample(AT.minusSeconds(30), "n1", metric, gpu, 2), new Sample(AT, "n1", metric, gpu, 3),
                new Sample(AT.minusSeconds(45), "n1", metric, cpu, 5), new Sample(AT.plusMillis(1), "n1", metric, gpu, 9));

        List<SeriesPoints> range = queries.range(SeriesSelector.metric(metric), AT.minusSeconds(60), AT);

        assertThat(range).containsExactly(
                new SeriesPoints(key("n1", metric, cpu), List.of(new Point(AT.minusSeconds(45), 5))),
                new SeriesPoints(key("n1", metric, gpu),
                        List.of(new Point(AT.minusSeconds(30), 2), new Point(AT, 3))),
                new SeriesPoints(key("n2", metric, cpu), List.of(new Point(AT, 4))));
        assertThat(queries.last("n1", metric, Duration.ofSeconds(61), AT)).containsExactly(
                new SeriesPoints(key("n1", metric, cpu), List.of(new Point(AT.minusSeconds(45), 5))),
                new SeriesPoints(key("n1", metric, gpu), List.of(new Point(AT.minusSeconds(60), 1),
                        new Point(AT.minusSeconds(30), 2), new Point(AT, 3))));
        assertThat(queries.range(SeriesSelector.metric(metric), AT, AT.plusSeconds(1))).containsExactly(
                new SeriesPoints(key("n1", metric, gpu), List.of(new Point(AT.plusMillis(1), 9))));
    }

    @Test
    void latestIsTheNewestReadingInsideTheLookbackAndNothingOlder() {
        String metric = "latest_power_watts";
        db.write(Sample.of(AT.minusSeconds(20), "fresh", metric, 1), Sample.of(AT.minusSeconds(10), "fresh", metric, 2),
                Sample.of(AT.minusSeconds(300), "edge", metric, 3),
                Sample.of(AT.minusSeconds(20), "future", metric, 4), Sample.of(AT.plusSeconds(1), "future", metric, 5));

        List<SeriesSample> latest = queries.latest(SeriesSelector.metric(metric), AT, Duration.ofMinutes(5));

        // "edge" is exactly 5 minutes old: outside (at - 5m, at]; "future" is read as of AT
        assertThat(latest).containsExactly(
                new SeriesSample(key("fresh", metric, Map.of()), AT.minusSeconds(10), 2),
                new SeriesSample(key("future", metric, Map.of()), AT.minusSeconds(20), 4));
        assertThat(queries.latest(SeriesSelector.metric(metric), AT, Duration.ofSeconds(301)))
                .extracting(sample -> sample.series().node()).containsExactly("edge", "fresh", "future");
    }

    @Test
    void anEmptyMatcherMatchesAnAbsentOrEmptyLabel() {
        String metric = "matcher_temperature_celsius";
        db.write(new Sample(AT, "n1", metric, Map.of("sensor", "CPU"), 1),
                new Sample(AT, "n1", metric, Map.of("sensor", "CPU", "physical_context", "CPU"), 2),
                new Sample(AT, "n1", metric, Map.of("sensor", "CPU", "physical_context", ""), 3),
                new Sample(AT, "n1", metric, Map.of("sensor", "GPU"), 4),
                new Sample(AT, "n2", metric, Map.of("sensor", "CPU"), 5));
        SeriesSelector cpu = SeriesSelector.metric(metric).with("sensor", "CPU");

        // series sort by labels name by name: {physical_context="", ...} before {physical_context="CPU", ...}
        // before {sensor=...}
        assertThat(values(cpu.with("physical_context", ""))).containsExactly(3.0, 1.0, 5.0);
        assertThat(values(cpu.with("physical_context", "CPU"))).containsExactly(2.0);
        assertThat(values(cpu.onNode("n1"))).containsExactly(3.0, 2.0, 1.0);
        assertThat(values(SeriesSelector.metric(metric).with("sensor", ""))).isEmpty();
        assertThat(values(SeriesSelector.metric(metric).onNode("n3"))).isEmpty();
    }

    @Test
    void labelValuesWithQuotesBackslashesAndUnicodeMatchExactly() {
        String metric = "odd_label_watts";
        String odd = "say \"hi\" \\ ünïcode ✓ 温度 '; DROP TABLE series; --";
        db.write(new Sample(AT, "n1", metric, Map.of("control", odd), 1),
                new Sample(AT, "n1", metric, Map.of("control", "say \"hi\""), 2));

        List<SeriesSample> latest = queries.latest(SeriesSelector.metric(metric).with("control", odd), AT,
                Duration.ofMinutes(1));

        assertThat(latest).containsExactly(new SeriesSample(key("n1", metric, Map.of("control", odd)), AT, 1));
    }

    @Test
    void staleSeriesAreThoseSilentForTheThresholdWithinTheHorizon() {
        String metric = "stale_fan_speed_rpm";
        Duration threshold = Duration.ofMinutes(5);
        Duration horizon = Duration.ofDays(1);
        db.write(new Sample(AT.minusSeconds(400), "n1", metric, Map.of("fan", "1"), 900),
                new Sample(AT.minusSeconds(10), "n1", metric, Map.of("fan", "1"), 1000),
                new Sample(AT.minusSeconds(360), "n1", metric, Map.of("fan", "2"), 1100),
                new Sample(AT.minusSeconds(300), "n2", metric, Map.of("fan", "1"), 1200),
                new Sample(AT.minus(Duration.ofDays(2)), "n3", metric, Map.of("fan", "1"), 1300));

        List<StaleSeries> stale = queries.staleness(SeriesSelector.metric(metric), AT, threshold, horizon);

        // n2's reading is exactly the threshold old, so stale; n3 was last seen before the horizon
        assertThat(stale).containsExactly(
                new StaleSeries(key("n1", metric, Map.of("fan", "2")), AT.minusSeconds(360), Duration.ofSeconds(360)),
                new StaleSeries(key("n2", metric, Map.of("fan", "1")), AT.minusSeconds(300), Duration.ofSeconds(300)));
        assertThat(queries.silentNodes(SeriesSelector.metric(metric), AT, threshold, horizon)).containsExactly(
                new SilentNode("n2", SeriesSelector.metric(metric), AT.minusSeconds(300), Duration.ofSeconds(300)));
        assertThat(queries.silentNodes(SeriesSelector.metric(metric), AT, threshold, Duration.ofDays(3)))
                .extracting(SilentNode::node).containsExactly("n2", "n3");
    }

    @Test
    void invalidArgumentsAreRefusedWithTheValueAndTheFix() {
        SeriesSelector up = SeriesSelector.metric("hearth_scrape_up");

        assertThatThrownBy(() -> queries.latest(up, AT, Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lookback PT-5M for the latest value of hearth_scrape_up is not positive; pass a "
                        + "positive duration, e.g. Duration.ofMinutes(5)");
        assertThatThrownBy(() -> queries.range(up, AT, AT))
                .hasMessage("range of hearth_scrape_up from 2025-03-02T00:00:30Z to 2025-03-02T00:00:30Z is empty: "
                        + "'from' must be before 'to'");
        assertThatThrownBy(() -> queries.staleness(up, AT, Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .hasMessage("horizon PT5M for the staleness of hearth_scrape_up is not longer than the threshold "
                        + "PT5M, so nothing could ever be reported; pass a horizon longer than the threshold, e.g. a day");
        assertThatThrownBy(() -> queries.last("n1", "", Duration.ofMinutes(5), AT))
                .hasMessageStartingWith("metric name '' is not a Prometheus metric name");
    }

    @Test
    void anUnreachableDatabaseIsUnavailableNamingTheQuery() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/hearth?user=postgres");
        MetricQueries unreachable = new MetricQueries(nowhere);

        assertThatThrownBy(() -> unreachable.latest(SeriesSelector.metric("hearth_scrape_up").with("source", "bmc"),
                AT, Duration.ofMinutes(5)))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("metric store: could not read the latest value of "
                        + "hearth_scrape_up{source=\"bmc\"} at 2025-03-02T00:00:30Z (lookback PT5M): ")
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    private List<Double> values(SeriesSelector selector) {
        return queries.latest(selector, AT, Duration.ofMinutes(1)).stream().map(SeriesSample::value).toList();
    }

    static SeriesKey key(String node, String metric, Map<String, String> labels) {
        return new SeriesKey(node, metric, new TreeMap<>(labels));
    }
}
