package dev.hearth.controlplane.fleet;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.query.MetricQueries;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Readings written to a real PostgreSQL store come back out in an exposition promtool accepts. */
class ReadingsExpositionIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static TestDatabase db;
    private static HikariDataSource dataSource;
    private static ReadingsExposition exposition;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        dataSource = DataSources.pooled(db.url());
        PostgresMetricStore store = new PostgresMetricStore(dataSource, Duration.ofDays(1), Clock.systemUTC());
        store.migrate();
        Map<String, String> gpu = Map.of("household", "household-1", "building", "building-1", "spine", "spine-1",
                "gpu", "0", "uuid", "GPU-5a1c", "model", "NVIDIA GeForce RTX 2080 Ti");
        store.append(SampleBatch.of(List.of(
                // an older and a newer reading of one series: the newer one is shown
                new Sample(NOW.minusSeconds(3), "node-1", MetricCatalogue.GPU_TEMPERATURE.name(), gpu, 70),
                new Sample(NOW.minusSeconds(1), "node-1", MetricCatalogue.GPU_TEMPERATURE.name(), gpu, 72.5),
                // a series whose source stopped answering 10 s ago: gone
                new Sample(NOW.minusSeconds(10), "node-2", MetricCatalogue.GPU_TEMPERATURE.name(),
                        Map.of("household", "household-2", "building", "building-1", "spine", "spine-1", "gpu", "0",
                                "uuid", "GPU-77e0", "model", "NVIDIA GeForce RTX 2080 Ti"), 88),
                new Sample(NOW.minusSeconds(1), "node-1", MetricCatalogue.GPU_XID_EVENTS.name(),
                        withTopology("gpu", "0", "uuid", "GPU-5a1c", "model", "NVIDIA GeForce RTX 2080 Ti", "xid", "79",
                                "pci_bus_id", "00000000:01:00.0"), 2),
                new Sample(NOW.minusSeconds(1), "node-1", MetricCatalogue.BMC_HEALTH.name(),
                        withTopology("resource", "Chassis", "name", "Board \"A\" \\ rev 2", "component", "1U",
                                "health", "OK", "state", "Enabled"), 1),
                new Sample(NOW.minusSeconds(2), "node-1", MetricCatalogue.SCRAPE_UP.name(),
                        withTopology("source", "redfish"), 1),
                // not a reading of a source: the control plane's own metrics say this, not this endpoint
                new Sample(NOW.minusSeconds(1), "gateway", MetricCatalogue.GATEWAY_REQUESTS.name(),
                        withTopology("outcome", "ok"), 12))));
        exposition = ReadingsExposition.of(new MetricQueries(dataSource), Clock.fixed(NOW, ZoneOffset.UTC), INTERVAL);
    }

    @AfterAll
    static void stop() {
        dataSource.close();
        db.close();
    }

    @Test
    void storedReadingsPassPromtoolWithTheirLabelsAndStaleOnesLeftOut() throws Exception {
        String text = exposition.render();

        assertThat(text).contains("# TYPE hearth_gpu_temperature_celsius gauge\n"
                        + "hearth_gpu_temperature_celsius{building=\"building-1\",gpu=\"0\",household=\"household-1\","
                        + "model=\"NVIDIA GeForce RTX 2080 Ti\",node=\"node-1\",spine=\"spine-1\",uuid=\"GPU-5a1c\"} 72.5\n")
                .contains("# TYPE hearth_gpu_xid_events_total counter\n")
                .contains("xid=\"79\"} 2.0\n")
                .contains("name=\"Board \\\"A\\\" \\\\ rev 2\"")
                .contains("hearth_scrape_up{building=\"building-1\",household=\"household-1\",node=\"node-1\","
                        + "source=\"redfish\",spine=\"spine-1\"} 1.0\n")
                .doesNotContain("node-2")
                .doesNotContain("hearth_gateway_requests_total");
        assertThat(text.lines().filter(l -> l.startsWith("hearth_gpu_temperature_celsius"))).hasSize(1);
        assertThat(Promtool.checkMetrics(text)).isEmpty();
    }

    private static Map<String, String> withTopology(String... pairs) {
        Map<String, String> labels = new java.util.TreeMap<>(Map.of("household", "household-1", "building",
                "building-1", "spine", "spine-1"));
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }
}
