package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.controlplane.load.LoadGenerator;
import dev.hearth.controlplane.load.LoadReport;
import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.remediation.PlannedAction;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.rules.RulePack;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remediation end to end on one real local fleet (real gateway, nodes, collector, PostgreSQL, Drools):
 * three nodes failing when two may go, a flapping node, an Xid 79 with its repair ticket, and the
 * breaker tripping and holding until reset. The scenarios run in order on purpose: they share the
 * guard's sliding window, whose fourth isolation trips the breaker. Rules here fire on the newest
 * reading (no 30 s window), so each scenario takes seconds, not minutes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemediationScenariosIT {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration HOLD_DOWN = Duration.ofSeconds(4);
    private static final String RULES = """
            package rules;
            import dev.hearth.rules.facts.Reading;
            import dev.hearth.rules.facts.EvaluationTime;
            global dev.hearth.rules.FindingCollector findings;

            rule "GPU hot now"
            when
                EvaluationTime( $now : epochMillis )
                $last : Reading( metric == "hearth_bmc_temperature_celsius", label("physical_context") == "GPU",
                                 $series : series, $tl : epochMillis, epochMillis >= $now - 3000, value > 90.0 )
                not Reading( series == $series, epochMillis > $tl )
            then
                findings.raise(drools.getRule().getName(), $last.node(), "gpu-overheat", "CRITICAL", "ISOLATE",
                        String.format("GPU at %.1f °C", $last.value()), $last);
            end

            rule "Xid 79"
            when
                EvaluationTime( $now : epochMillis )
                $last : Reading( metric == "hearth_gpu_xid_events_total", label("xid") == "79", value > 0,
                                 $series : series, $tl : epochMillis, epochMillis >= $now - 5000 )
                not Reading( series == $series, epochMillis > $tl )
            then
                findings.raise(drools.getRule().getName(), $last.node(), "xid-79", "CRITICAL", "ISOLATE",
                        "Xid 79: the GPU fell off the bus", $last);
            end
            """;

    private static TestDatabase db;
    private static Path dataDir;
    private static LocalFleet fleet;
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    private static final TicketDeskDouble TICKETS = new TicketDeskDouble();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = Json.newMapper();

    /** Test double of the repair-ticket desk (another backend's job): records the tickets it is asked to open. */
    static final class TicketDeskDouble implements FleetActuator {
        final List<PlannedAction> opened = new CopyOnWriteArrayList<>();

        @Override
        public void execute(PlannedAction action) throws ActuationException {
            opened.add(action);
        }
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        db = TestDatabase.create();
        dataDir = dir;
        FleetConfig config = new FleetConfig(4, Optional.of(db.url()), dir, 0, 0, INTERVAL, HOLD_DOWN,
                Duration.ofHours(6), new GuardPolicy(0.5, 3, Duration.ofMinutes(10)), 42);
        RemediationSetup setup = new RemediationSetup(ActionModes.automatic(),
                Map.of(ActionType.OPEN_REPAIR_TICKET, TICKETS), RetryPolicy.defaults(),
                new RulePack(Map.of("scenarios.drl", RULES)));
        fleet = LocalFleet.start(config, setup, Clock.systemUTC(), EVENTS::add, Json.newMapper());
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        db.close();
    }

    @Test
    @Order(1)
    void threeNodesFailingWhenTwoMayGoIsolatesTwoAndExplainsWhyNotTheThird() throws Exception {
        CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> {
            try {
                return new LoadGenerator(http, fleet.demoKeys().stream().map(IssuedKey::key).toList())
                        .run(fleet.gatewayUri(), 8, Duration.ofSeconds(8), 16);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_000);
        Instant injected = Instant.now();
        for (String node : List.of("node-1", "node-2", "node-3")) {
            inject(node, "overheat");
        }
        List<String> hot = List.of("node-1", "node-2", "node-3");
        Instant drained = await(() -> isolatedOf(hot).size() == 2, Duration.ofSeconds(20));
        List<String> out = isolatedOf(hot);
        Instant idle = await(() -> inflight(out.get(0)) == 0 && inflight(out.get(1)) == 0, Duration.ofSeconds(20));
        System.out.printf("fault → traffic drained (gateway stops routing to both): %d ms; → their in-flight requests"
                + " finished: %d ms%n", Duration.between(injected, drained).toMillis(),
                Duration.between(injected, idle).toMillis());
        // the two whose heat was seen first go; the third is refused
        String third = hot.stream().filter(n -> !out.contains(n)).findFirst().orElseThrow();
        JsonNode refusal = awaitEntry(() -> auditEntry(third, "ISOLATE", "REFUSED"), Duration.ofSeconds(10));
        assertThat(refusal.get("verdict").asText()).isEqualTo("max-share");
        assertThat(refusal.get("reason").asText()).isEqualTo("isolating " + third + " would isolate 3 of 4 nodes; at"
                + " most 2 (50 %) may be isolated at once");
        assertThat(refusal.get("plan").asText()).contains("isolate " + third);
        assertThat(routable(third)).isTrue();
        assertThat(EVENTS).anySatisfy(e -> assertThat(e).startsWith("refused to isolate " + third + ": GPU hot now — "
                + "isolating " + third + " would isolate 3 of 4 nodes"));

        LoadReport report = load.get();
        System.out.println("load while three nodes overheated: " + report.summary());
        assertThat(report.failed()).isZero();

        for (String node : List.of("node-1", "node-2", "node-3")) {
            inject(node, "clear");
        }
        await(() -> isolatedOf(hot).isEmpty(), Duration.ofSeconds(20));
        assertThat(count(third, "ISOLATE", "REFUSED", Instant.EPOCH)).isEqualTo(1); // recorded once, not every cycle
    }

    @Test
    @Order(2)
    void aFlappingNodeIsIsolatedOnceAndDoesNotOscillate() throws Exception {
        Instant start = Instant.now();
        for (int flap = 0; flap < 4; flap++) {
            inject("node-3", "overheat");
            Thread.sleep(1_200);
            inject("node-3", "clear");
            Thread.sleep(1_500); // cool for less than the 4 s hold-down
            assertThat(routable("node-3")).as("node-3 stays out while it flaps (flap %d)", flap).isFalse();
        }
        assertThat(count("node-3", "ISOLATE", "EXECUTED", start)).isEqualTo(1);
        assertThat(count("node-3", "RESTORE", "EXECUTED", start)).isZero();
        await(() -> routable("node-3"), Duration.ofSeconds(15));
        assertThat(count("node-3", "RESTORE", "EXECUTED", start)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theBreakerTripsAtTheThresholdAndBlocksUntilResetWhileAnXid79GetsOneTicket() throws Exception {
        // three isolations in the window so far (node-1, node-2, node-3): the fourth trips the breaker
        inject("node-4", "xid-79");
        JsonNode tripped = awaitEntry(() -> auditEntry("node-4", "ISOLATE", "REFUSED"), Duration.ofSeconds(15));
        assertThat(tripped.get("verdict").asText()).isEqualTo("breaker");
        await(() -> reasons("node-4", "ISOLATE", "REFUSED").stream().anyMatch(r -> r.startsWith(
                "3 isolations in the last 600 s already; the limit is 3")), Duration.ofSeconds(5));
        JsonNode breaker = json.readTree(get("/api/breaker"));
        assertThat(breaker.get("tripped").asBoolean()).isTrue();
        assertThat(get("/metrics")).contains("hearth_remediation_breaker_open 1.0");
        await(() -> TICKETS.opened.size() == 1, Duration.ofSeconds(10)); // a ticket is no isolation: it goes ahead
        Thread.sleep(2_000);
        assertThat(routable("node-4")).as("the breaker holds").isTrue();
        // one entry when it trips, one for the block that follows; not one every cycle
        List<String> refusals = reasons("node-4", "ISOLATE", "REFUSED");
        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(1)).startsWith("3 isolations in the last 600 s already; the limit is 3");
        assertThat(refusals.get(0)).startsWith("the isolation breaker tripped at ").endsWith("until an operator"
                + " resets it: ./hearth breaker reset");

        HttpResponse<String> noToken = send(HttpRequest.newBuilder(fleet.adminUri().resolve("/api/breaker/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> reset = post("/api/breaker/reset", "");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(json.readTree(reset.body()).get("reason").asText())
                .startsWith("an operator reset the isolation breaker, tripped at");
        await(() -> !routable("node-4"), Duration.ofSeconds(10));
        JsonNode isolated = auditEntry("node-4", "ISOLATE", "EXECUTED");
        assertThat(isolated.get("findingKind").asText()).isEqualTo("xid-79");
        assertThat(isolated.get("durationMs").isNumber()).isTrue();

        Thread.sleep(2_000); // the Xid finding holds every cycle: still one ticket, one isolation
        assertThat(TICKETS.opened).singleElement().satisfies(t -> {
            assertThat(t.node()).isEqualTo("node-4");
            assertThat(t.type()).isEqualTo(ActionType.OPEN_REPAIR_TICKET);
            assertThat(t.cause().kind()).isEqualTo("xid-79");
        });
        assertThat(count("node-4", "OPEN_REPAIR_TICKET", "EXECUTED", Instant.EPOCH)).isEqualTo(1);
        assertThat(count("node-4", "ISOLATE", "EXECUTED", Instant.EPOCH)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void theAdminTokenIsInItsOwnerOnlyFileAndInNoEventOrAuditEntry() throws Exception {
        String token = fleet.adminToken().reveal();
        Path file = dataDir.resolve("admin-token");
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(EVENTS).isNotEmpty().noneSatisfy(e -> assertThat(e).contains(token));
        assertThat(get("/api/audit?limit=1000")).doesNotContain(token);
        assertThat(fleet.adminToken().toString()).doesNotContain(token);
        assertThat(get("/api/actions/pending")).isEqualTo("[]");
        HttpResponse<String> unknown = post("/api/actions/0123456789ab/approve", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no action 0123456789ab waits for approval");
    }

    private void inject(String node, String fault) throws Exception {
        HttpResponse<String> r = post("/api/faults", "{\"node\":\"" + node + "\",\"fault\":\"" + fault + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private boolean routable(String node) throws Exception {
        for (JsonNode route : json.readTree(send(HttpRequest.newBuilder(fleet.gatewayAdminUri()
                .resolve("/admin/nodes")).GET()).body())) {
            if (route.get("node").asText().equals(node)) {
                return route.get("routable").asBoolean();
            }
        }
        throw new AssertionError("the gateway has no route to " + node);
    }

    private List<String> isolatedOf(List<String> nodes) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String n : nodes) {
            if (!routable(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private double inflight(String node) throws Exception {
        URI metrics = fleet.nodeUris().get(node).resolve("/metrics");
        return send(HttpRequest.newBuilder(metrics).GET()).body().lines()
                .filter(l -> l.startsWith("hearth_node_inflight_requests"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private JsonNode auditEntry(String node, String action, String outcome) throws Exception {
        for (JsonNode e : json.readTree(get("/api/audit?limit=1000"))) {
            if (e.get("node").asText().equals(node) && e.get("action").asText().equals(action)
                    && e.get("outcome").asText().equals(outcome)) {
                return e;
            }
        }
        return null;
    }

    /** Audit entries of the node, action and outcome recorded at or after {@code since}. */
    private long count(String node, String action, String outcome, Instant since) throws Exception {
        long n = 0;
        for (JsonNode e : json.readTree(get("/api/audit?limit=1000"))) {
            if (e.get("node").asText().equals(node) && e.get("action").asText().equals(action)
                    && e.get("outcome").asText().equals(outcome) && !Instant.parse(e.get("at").asText()).isBefore(since)) {
                n++;
            }
        }
        return n;
    }

    /** The reasons of the matching entries, newest first. */
    private List<String> reasons(String node, String action, String outcome) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : json.readTree(get("/api/audit?limit=1000"))) {
            if (e.get("node").asText().equals(node) && e.get("action").asText().equals(action)
                    && e.get("outcome").asText().equals(outcome)) {
                out.add(e.get("reason").asText());
            }
        }
        return out;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(fleet.adminUri().resolve(path)).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(fleet.adminUri().resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + fleet.adminToken().reveal())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls every 50 ms; returns when the condition first held. */
    private static Instant await(Condition condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.holds()) {
                return Instant.now();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition did not hold within " + timeout + "; events: " + EVENTS);
    }

    /** Polls every 50 ms; returns the first value that is there. */
    private static JsonNode awaitEntry(Lookup lookup, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode v = lookup.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such audit entry within " + timeout + "; events: " + EVENTS);
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    @FunctionalInterface
    private interface Lookup {
        JsonNode get() throws Exception;
    }
}
