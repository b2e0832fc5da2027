package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.load.LoadReport;
import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.remediation.PlannedAction;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.rules.RulePack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private static final String RULES = ReadingRules.file(
            ReadingRules.gpuAbove("GPU hot now", 90.0, "gpu-overheat", "CRITICAL", "ISOLATE"), """

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
            """);

    private static Path dataDir;
    private static LocalFleet fleet;
    private static ScenarioFleet scenario;
    private static final TicketDeskDouble TICKETS = new TicketDeskDouble();
    private static final ObjectMapper JSON = Json.newMapper();
    private static FleetProbe probe;

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
        dataDir = dir;
        RemediationSetup setup = new RemediationSetup(ActionModes.automatic(),
                Map.of(ActionType.OPEN_REPAIR_TICKET, TICKETS), RetryPolicy.defaults(),
                new RulePack(Map.of("scenarios.drl", RULES)));
        scenario = ScenarioFleet.start(url -> new FleetConfig(4, Optional.of(url), dir, 0, 0, INTERVAL, HOLD_DOWN,
                        Duration.ofHours(6), new GuardPolicy(0.5, 3, Duration.ofMinutes(10)), 42), setup);
        fleet = scenario.fleet();
        probe = scenario.probe();
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    @Order(1)
    void threeNodesFailingWhenTwoMayGoIsolatesTwoAndExplainsWhyNotTheThird() throws Exception {
        CompletableFuture<LoadReport> load = probe.load(8, Duration.ofSeconds(8));
        Thread.sleep(1_000);
        Instant injected = Instant.now();
        for (String node : List.of("node-1", "node-2", "node-3")) {
            probe.inject(node, "overheat");
        }
        List<String> hot = List.of("node-1", "node-2", "node-3");
        Instant drained = probe.await(() -> probe.isolatedOf(hot).size() == 2, Duration.ofSeconds(20));
        List<String> out = probe.isolatedOf(hot);
        Instant idle = probe.await(() -> probe.inflight(out.get(0)) == 0 && probe.inflight(out.get(1)) == 0, Duration.ofSeconds(20));
        System.out.printf("fault → traffic drained (gateway stops routing to both): %d ms; → their in-flight requests"
                + " finished: %d ms%n", Duration.between(injected, drained).toMillis(),
                Duration.between(injected, idle).toMillis());
        // the two whose heat was seen first go; the third is refused
        String third = hot.stream().filter(n -> !out.contains(n)).findFirst().orElseThrow();
        JsonNode refusal = probe.awaitEntry(() -> probe.auditEntry(third, "ISOLATE", "REFUSED"), Duration.ofSeconds(10));
        assertThat(refusal.get("verdict").asText()).isEqualTo("max-share");
        assertThat(refusal.get("reason").asText()).isEqualTo("isolating " + third + " would isolate 3 of 4 nodes; at"
                + " most 2 (50 %) may be isolated at once");
        assertThat(refusal.get("plan").asText()).contains("isolate " + third);
        assertThat(probe.routable(third)).isTrue();
        assertThat(scenario.events()).anySatisfy(e -> assertThat(e).startsWith("refused to isolate " + third + ": GPU hot now — "
                + "isolating " + third + " would isolate 3 of 4 nodes"));

        LoadReport report = load.get();
        System.out.println("load while three nodes overheated: " + report.summary());
        assertThat(report.failed()).isZero();

        for (String node : List.of("node-1", "node-2", "node-3")) {
            probe.inject(node, "clear");
        }
        probe.await(() -> probe.isolatedOf(hot).isEmpty(), Duration.ofSeconds(20));
        assertThat(probe.count(third, "ISOLATE", "REFUSED", Instant.EPOCH)).isEqualTo(1); // recorded once, not every cycle
    }

    @Test
    @Order(2)
    void aFlappingNodeIsIsolatedOnceAndDoesNotOscillate() throws Exception {
        Instant start = Instant.now();
        for (int flap = 0; flap < 4; flap++) {
            probe.inject("node-3", "overheat");
            Thread.sleep(1_200);
            probe.inject("node-3", "clear");
            Thread.sleep(1_500); // cool for less than the 4 s hold-down
            assertThat(probe.routable("node-3")).as("node-3 stays out while it flaps (flap %d)", flap).isFalse();
        }
        assertThat(probe.count("node-3", "ISOLATE", "EXECUTED", start)).isEqualTo(1);
        assertThat(probe.count("node-3", "RESTORE", "EXECUTED", start)).isZero();
        probe.await(() -> probe.routable("node-3"), Duration.ofSeconds(15));
        assertThat(probe.count("node-3", "RESTORE", "EXECUTED", start)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void theBreakerTripsAtTheThresholdAndBlocksUntilResetWhileAnXid79GetsOneTicket() throws Exception {
        // three isolations in the window so far (node-1, node-2, node-3): the fourth trips the breaker
        probe.inject("node-4", "xid-79");
        JsonNode tripped = probe.awaitEntry(() -> probe.auditEntry("node-4", "ISOLATE", "REFUSED"), Duration.ofSeconds(15));
        assertThat(tripped.get("verdict").asText()).isEqualTo("breaker");
        probe.await(() -> probe.reasons("node-4", "ISOLATE", "REFUSED").stream().anyMatch(r -> r.startsWith(
                "3 isolations in the last 600 s already; the limit is 3")), Duration.ofSeconds(5));
        JsonNode breaker = JSON.readTree(probe.get("/api/breaker"));
        assertThat(breaker.get("tripped").asBoolean()).isTrue();
        assertThat(probe.get("/metrics")).contains("hearth_remediation_breaker_open 1.0");
        probe.await(() -> TICKETS.opened.size() == 1, Duration.ofSeconds(10)); // a ticket is no isolation: it goes ahead
        Thread.sleep(2_000);
        assertThat(probe.routable("node-4")).as("the breaker holds").isTrue();
        // one entry when it trips, one for the block that follows; not one every cycle
        List<String> refusals = probe.reasons("node-4", "ISOLATE", "REFUSED");
        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(1)).startsWith("3 isolations in the last 600 s already; the limit is 3");
        assertThat(refusals.get(0)).startsWith("the isolation breaker tripped at ").endsWith("until an operator"
                + " resets it: ./hearth breaker reset");

        HttpResponse<String> noToken = probe.send(HttpRequest.newBuilder(fleet.adminUri().resolve("/api/breaker/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> reset = probe.post("/api/breaker/reset", "");
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reset.body()).get("reason").asText())
                .startsWith("an operator reset the isolation breaker, tripped at");
        probe.await(() -> !probe.routable("node-4"), Duration.ofSeconds(10));
        JsonNode isolated = probe.auditEntry("node-4", "ISOLATE", "EXECUTED");
        assertThat(isolated.get("findingKind").asText()).isEqualTo("xid-79");
        assertThat(isolated.get("durationMs").isNumber()).isTrue();

        Thread.sleep(2_000); // the Xid finding holds every cycle: still one ticket, one isolation
        assertThat(TICKETS.opened).singleElement().satisfies(t -> {
            assertThat(t.node()).isEqualTo("node-4");
            assertThat(t.type()).isEqualTo(ActionType.OPEN_REPAIR_TICKET);
            assertThat(t.cause().kind()).isEqualTo("xid-79");
        });
        assertThat(probe.count("node-4", "OPEN_REPAIR_TICKET", "EXECUTED", Instant.EPOCH)).isEqualTo(1);
        assertThat(probe.count("node-4", "ISOLATE", "EXECUTED", Instant.EPOCH)).isEqualTo(1);
    }

    @Test
    @Order(4)
    void theAdminTokenIsInItsOwnerOnlyFileAndInNoEventOrAuditEntry() throws Exception {
        String token = fleet.adminToken().reveal();
        Path file = dataDir.resolve("admin-token");
        assertThat(Files.readString(file).strip()).isEqualTo(token);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(scenario.events()).isNotEmpty().noneSatisfy(e -> assertThat(e).contains(token));
        assertThat(probe.get("/api/audit?limit=1000")).doesNotContain(token);
        assertThat(fleet.adminToken().toString()).doesNotContain(token);
        assertThat(probe.get("/api/actions/pending")).isEqualTo("[]");
        HttpResponse<String> unknown = probe.post("/api/actions/0123456789ab/approve", "");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no action 0123456789ab waits for approval");
    }
}
