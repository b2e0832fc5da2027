package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.controlplane.load.LoadGenerator;
import dev.hearth.controlplane.load.LoadReport;
import dev.hearth.model.MetricCatalogue;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop in one process on real PostgreSQL, real HTTP and real Drools: overheat a node under
 * load, see it isolated within the rule window plus one scrape interval, audited, and restored only
 * after the hold-down, with no failed request.
 */
class OverheatIsolationIT {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final Duration HOLD_DOWN = Duration.ofSeconds(8);
    /** Time one control-loop cycle may take to scrape, evaluate and act, on a loaded 2-core machine. */
    private static final Duration CYCLE_SLACK = Duration.ofMillis(1500);

    private static TestDatabase db;
    private static LocalFleet fleet;
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = Json.newMapper();

    @BeforeAll
    static void start(@TempDir Path dir) {
        db = TestDatabase.create();
        FleetConfig config = new FleetConfig(4, Optional.of(db.url()), dir, 0, 0, INTERVAL, HOLD_DOWN,
                Duration.ofHours(6), GuardPolicy.defaults(), 42);
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
    void overheatedNodeIsIsolatedAuditedAndRestoredWhileLoadSeesNoFailure() throws Exception {
        CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> {
            try {
                return new LoadGenerator(http, fleet.demoKeys().stream().map(IssuedKey::key).toList())
                        .run(fleet.gatewayUri(), 10, Duration.ofSeconds(55), 16);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(3_000);
        assertThat(nodeState("node-2")).isEqualTo("serving");

        Instant injected = Instant.now();
        assertThat(post("/api/faults", "{\"node\":\"node-2\",\"fault\":\"overheat\"}").get("fault").asText())
                .isEqualTo("overheat");
        Instant isolated = await(() -> "isolated".equals(nodeState("node-2")), Duration.ofSeconds(45));
        Duration toIsolation = Duration.between(injected, isolated);
        System.out.println("inject → isolation: " + toIsolation.toMillis() + " ms");
        assertThat(toIsolation).isLessThanOrEqualTo(WINDOW.plus(INTERVAL).plus(CYCLE_SLACK));
        assertThat(toIsolation).isGreaterThanOrEqualTo(WINDOW);

        // the gateway no longer routes to it, and it serves nothing while isolated
        assertThat(gatewayRoute("node-2").get("routable").asBoolean()).isFalse();
        Thread.sleep(500); // requests already on the node finish
        double servedAtIsolation = nodeRequests("node-2");

        // the status says why
        JsonNode node2 = node("node-2");
        assertThat(node2.get("rule").asText()).isEqualTo("Isolate a GPU over temperature for 30 s");
        assertThat(node2.get("reason").asText()).contains("above 90 °C");
        assertThat(get("/metrics")).contains("hearth_node_state{node=\"node-2\",state=\"isolated\"} 1.0");

        // the audit row in PostgreSQL: finding, rule, action and times
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT at, rule, finding_kind, severity, finding_since, jsonb_array_length(evidence), outcome"
                        + " FROM remediation_audit WHERE node = 'node-2' AND action = 'ISOLATE'")) {
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Instant at = rs.getTimestamp(1).toInstant();
                Instant since = rs.getTimestamp(5).toInstant();
                assertThat(rs.getString(2)).isEqualTo("Isolate a GPU over temperature for 30 s");
                assertThat(rs.getString(3)).isEqualTo("gpu-overheat");
                assertThat(rs.getString(4)).isEqualTo("CRITICAL");
                assertThat(rs.getInt(6)).isEqualTo(2);
                assertThat(rs.getString(7)).isEqualTo("EXECUTED");
                assertThat(since).isBetween(injected.minusSeconds(1), injected.plus(INTERVAL).plusSeconds(1));
                // exactly the window when every cycle ran on time; a cycle delayed past its slot shifts it by one
                assertThat(Duration.between(since, at)).isBetween(WINDOW, WINDOW.plus(INTERVAL));
                assertThat(rs.next()).isFalse();
            }
        }

        Instant cleared = Instant.now();
        post("/api/faults", "{\"node\":\"node-2\",\"fault\":\"clear\"}");
        Thread.sleep(HOLD_DOWN.toMillis() / 2);
        assertThat(nodeState("node-2")).isEqualTo("isolated"); // no flapping back on the first cool reading
        assertThat(nodeRequests("node-2")).isEqualTo(servedAtIsolation);
        Instant restored = await(() -> "serving".equals(nodeState("node-2")), Duration.ofSeconds(30));
        System.out.println("clear → restore: " + Duration.between(cleared, restored).toMillis() + " ms");
        assertThat(Duration.between(cleared, restored)).isGreaterThanOrEqualTo(HOLD_DOWN);
        assertThat(gatewayRoute("node-2").get("routable").asBoolean()).isTrue();

        LoadReport report = load.get();
        System.out.println("load during the episode: " + report.summary() + " " + report.servedBy());
        assertThat(report.failed()).isZero();
        assertThat(report.ok()).isEqualTo(report.sent()).isGreaterThanOrEqualTo(540);
        assertThat(report.servedBy().keySet()).contains("node-1", "node-2", "node-3", "node-4");
        assertThat(EVENTS).anySatisfy(e -> assertThat(e).startsWith("isolated node-2"))
                .anySatisfy(e -> assertThat(e).startsWith("restored node-2"));
    }

    @Test
    void everyHearthSeriesOnEveryMetricsEndpointIsInTheCatalogue() throws Exception {
        List<String> pages = new java.util.ArrayList<>();
        pages.add(get("/metrics"));
        pages.add(send(HttpRequest.newBuilder(fleet.gatewayAdminUri().resolve("/metrics")).GET()));
        for (URI node : fleet.nodeUris().values()) {
            pages.add(send(HttpRequest.newBuilder(node.resolve("/metrics")).GET()));
        }
        java.util.Set<String> series = new java.util.TreeSet<>();
        for (String page : pages) {
            page.lines().filter(l -> l.startsWith("hearth_")).map(l -> l.split("[{ ]", 2)[0]).forEach(series::add);
        }
        assertThat(series).contains("hearth_node_state", "hearth_gateway_requests_total",
                "hearth_node_requests_total", "hearth_collector_samples_stored_total");
        assertThat(series).allSatisfy(name -> assertThat(MetricCatalogue.byExposedName(name))
                .as("%s is exposed but not in MetricCatalogue", name).isPresent());
    }

    private String nodeState(String id) throws Exception {
        return node(id).get("state").asText();
    }

    private JsonNode node(String id) throws Exception {
        for (JsonNode n : json.readTree(get("/api/status")).get("nodes")) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no node " + id + " in the status");
    }

    private JsonNode gatewayRoute(String id) throws Exception {
        for (JsonNode route : json.readTree(send(HttpRequest.newBuilder(
                fleet.gatewayAdminUri().resolve("/admin/nodes")).GET()))) {
            if (route.get("node").asText().equals(id)) {
                return route;
            }
        }
        throw new AssertionError("the gateway has no route to " + id);
    }

    private double nodeRequests(String id) throws Exception {
        String metrics = send(HttpRequest.newBuilder(fleet.nodeUris().get(id).resolve("/metrics")).GET());
        return metrics.lines().filter(l -> l.startsWith("hearth_node_requests_total{") && l.contains("outcome=\"ok\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private String get(String path) throws Exception {
        return send(HttpRequest.newBuilder(fleet.adminUri().resolve(path)).GET());
    }

    private JsonNode post(String path, String body) throws Exception {
        return json.readTree(send(HttpRequest.newBuilder(fleet.adminUri().resolve(path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer "
                        + fleet.adminToken().reveal()).POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    private String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Polls every 100 ms; returns when the condition first held. */
    private static Instant await(CheckedCondition condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.holds()) {
                return Instant.now();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition did not hold within " + timeout);
    }

    @FunctionalInterface
    private interface CheckedCondition {
        boolean holds() throws Exception;
    }
}
