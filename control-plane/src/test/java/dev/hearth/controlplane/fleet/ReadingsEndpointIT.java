package dev.hearth.controlplane.fleet;

import dev.hearth.controlplane.Json;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A local fleet's admin API on real PostgreSQL: {@code /metrics/readings} shows what the collector
 * stored from the simulated BMCs and GPUs, a GPU that stops answering drops out of it, and
 * {@code /metrics} carries the electricity price and the repair tickets.
 */
class ReadingsEndpointIT {
    private static final Duration INTERVAL = Duration.ofMillis(500);
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static TestDatabase db;
    private static LocalFleet fleet;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) {
        db = TestDatabase.create();
        FleetConfig config = new FleetConfig(2, Optional.of(db.url()), dir, 0, 0, INTERVAL, Duration.ofSeconds(60),
                Duration.ofHours(6), GuardPolicy.defaults(), 42, 1, 0, new EnergyPrice(0.31, "EUR"));
        fleet = LocalFleet.start(config, Clock.systemUTC(), EVENTS::add, Json.newMapper());
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        db.close();
    }

    @Test
    void readingsOfEveryNodeComeWithTopologyLabelsAndGoWhenTheirSourceFails() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(get("/metrics/readings"))
                        .contains("# TYPE hearth_gpu_temperature_celsius gauge")
                        .containsPattern("hearth_gpu_temperature_celsius\\{[^}]*node=\"node-1\"")
                        .containsPattern("hearth_gpu_temperature_celsius\\{[^}]*node=\"node-2\"")
                        .containsPattern("hearth_bmc_temperature_celsius\\{building=\"building-1\","
                                + "household=\"household-2\",node=\"node-2\",physical_context=\"GPU\"")
                        .containsPattern("hearth_scrape_up\\{[^}]*node=\"node-1\",source=\"[a-z-]+\",spine=\"spine-1\"} 1.0"));
        String readings = get("/metrics/readings");
        assertThat(readings.lines().filter(l -> l.equals("# TYPE hearth_gpu_temperature_celsius gauge"))).hasSize(1);
        assertThat(Promtool.checkMetrics(readings)).isEmpty();

        String metrics = get("/metrics");
        assertThat(metrics).contains("hearth_energy_price_per_kwh{currency=\"EUR\"} 0.31")
                .contains("hearth_remediation_tickets_open 0.0");

        // after Xid 79 nvidia-smi fails on node-2: its GPU readings go stale and vanish; the Xid is still read
        fleet.inject("node-2", "xid-79");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(get("/metrics/readings"))
                        .containsPattern("hearth_gpu_xid_events_total\\{[^}]*node=\"node-2\"[^}]*xid=\"79\"}")
                        .doesNotContainPattern("hearth_gpu_temperature_celsius\\{[^}]*node=\"node-2\"")
                        .containsPattern("hearth_gpu_temperature_celsius\\{[^}]*node=\"node-1\""));
        // the repair ticket the Xid asks for is counted once, and open
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(get("/metrics")).contains("hearth_remediation_tickets_total{fault=\"gpu-repair\"} 1.0")
                        .contains("hearth_remediation_tickets_open 1.0"));
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fleet.adminUri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }
}
