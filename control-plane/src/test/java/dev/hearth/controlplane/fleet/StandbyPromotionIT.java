package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.load.LoadReport;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.rules.RulePack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Standby promotion end to end on a real local fleet of three nodes and one standby, under load
 * through the gateway: an overheating node is isolated, the standby loads the model, answers the
 * canary as the fleet does and only then takes traffic; no request fails. When the node cools it
 * rejoins the reserve, and is promoted in turn when the standby that replaced it overheats.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandbyPromotionIT {
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration HOLD_DOWN = Duration.ofSeconds(4);
    private static final String RULES = ReadingRules.file(
            ReadingRules.gpuAbove("GPU hot now", 90.0, "gpu-overheat", "CRITICAL", "ISOLATE"));

    private static LocalFleet fleet;
    private static FleetProbe probe;
    private static ScenarioFleet scenario;
    private static final ObjectMapper JSON = Json.newMapper();

    @BeforeAll
    static void start(@TempDir Path dir) {
        RemediationSetup setup = new RemediationSetup(ActionModes.automatic(), Map.of(), RetryPolicy.defaults(),
                new RulePack(Map.of("scenarios.drl", RULES)));
        scenario = ScenarioFleet.start(url -> new FleetConfig(3, Optional.of(url), dir, 0, 0, INTERVAL, HOLD_DOWN,
                        Duration.ofHours(6), new GuardPolicy(0.5, 5, Duration.ofMinutes(10)), 42, 1, 1), setup);
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
    void anOverheatingNodeIsReplacedByTheStandbyAfterAGoodCanaryWithoutAFailedRequest() throws Exception {
        assertThat(state("standby-1")).isEqualTo("standby");
        assertThat(routes()).doesNotContain("standby-1");
        CompletableFuture<LoadReport> load = probe.load(6, Duration.ofSeconds(14));
        Thread.sleep(1_000);
        Instant injected = Instant.now();
        probe.inject("node-2", "overheat");
        Instant drained = probe.await(() -> !probe.routable("node-2"), Duration.ofSeconds(20));
        Instant serving = probe.await(() -> routes().contains("standby-1") && probe.routable("standby-1"),
                Duration.ofSeconds(30));
        System.out.printf("fault → traffic drained: %d ms; fault → standby serving (loaded, canary passed, routed):"
                + " %d ms%n", Duration.between(injected, drained).toMillis(),
                Duration.between(injected, serving).toMillis());

        JsonNode promoted = probe.awaitEntry(() -> probe.auditEntry("node-2", "PROMOTE_STANDBY", "EXECUTED"),
                Duration.ofSeconds(5));
        assertThat(promoted.get("reason").asText()).isEqualTo("load node-2's shards onto standby standby-1 and route to"
                + " it after a good canary");
        assertThat(scenario.events()).anySatisfy(e -> assertThat(e).startsWith("standby-1 loaded node-2's shards in ")
                .contains("; canary answered as the fleet does in "));
        assertThat(state("standby-1")).isEqualTo("serving");

        LoadReport report = load.get();
        System.out.println("load while node-2 was replaced by standby-1: " + report.summary());
        assertThat(report.failed()).isZero();
        assertThat(servedRequests("standby-1")).as("the promoted standby takes traffic").isPositive();
    }

    @Test
    @Order(2)
    void theReplacedNodeRejoinsTheReserveAndIsPromotedWhenItsReplacementFails() throws Exception {
        probe.inject("node-2", "clear");
        probe.await(() -> "standby".equals(state("node-2")), Duration.ofSeconds(30));
        assertThat(probe.routable("node-2")).as("back in reserve, not routed").isFalse();
        assertThat(probe.reasons("node-2", "RESTORE", "EXECUTED")).singleElement().satisfies(r -> assertThat(r)
                .endsWith("; rejoins as a standby: it holds no shards now"));

        CompletableFuture<LoadReport> load = probe.load(6, Duration.ofSeconds(10));
        Thread.sleep(500);
        probe.inject("standby-1", "overheat");
        probe.await(() -> !probe.routable("standby-1") && probe.routable("node-2"), Duration.ofSeconds(30));
        assertThat(probe.auditEntry("standby-1", "PROMOTE_STANDBY", "EXECUTED").get("reason").asText())
                .isEqualTo("load standby-1's shards onto standby node-2 and route to it after a good canary");
        assertThat(load.get().failed()).isZero();
        probe.inject("standby-1", "clear");
    }

    private String state(String node) throws Exception {
        for (JsonNode n : JSON.readTree(probe.get("/api/status")).get("nodes")) {
            if (n.get("id").asText().equals(node)) {
                return n.get("state").asText();
            }
        }
        throw new AssertionError("the fleet's status has no node " + node);
    }

    private List<String> routes() throws Exception {
        return probe.routes().stream().map(r -> r.get("node").asText()).toList();
    }

    /** Completions the node answered for households (the canary's own is not counted). */
    private double servedRequests(String node) throws Exception {
        return probe.send(java.net.http.HttpRequest.newBuilder(fleet.nodeUris().get(node).resolve("/metrics")).GET())
                .body().lines().filter(l -> l.startsWith("hearth_household_requests_total{")
                        && !l.contains("household=\"canary\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
