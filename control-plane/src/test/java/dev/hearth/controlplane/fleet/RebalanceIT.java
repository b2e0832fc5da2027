package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.load.LoadReport;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.rules.RulePack;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebalancing end to end on a real local fleet: a node running warm gets a lower gateway weight from
 * its thermal headroom, traffic shifts away from it without a failed request, and it gets full weight
 * back once it has cooled below the margin.
 */
class RebalanceIT {
    private static final String RULES = ReadingRules.file(ReadingRules.gpuAbove("GPU warm now", 78.0, "gpu-warm", "WARNING", "REBALANCE"));

    private static TestDatabase db;
    private static LocalFleet fleet;
    private static FleetProbe probe;
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(@TempDir Path dir) {
        db = TestDatabase.create();
        FleetConfig config = new FleetConfig(3, Optional.of(db.url()), dir, 0, 0, Duration.ofSeconds(1),
                Duration.ofSeconds(4), Duration.ofHours(6), GuardPolicy.defaults(), 42);
        RemediationSetup setup = new RemediationSetup(ActionModes.automatic(), Map.of(), RetryPolicy.defaults(),
                new RulePack(Map.of("warm.drl", RULES)));
        fleet = LocalFleet.start(config, setup, Clock.systemUTC(), EVENTS::add, Json.newMapper());
        probe = new FleetProbe(fleet, EVENTS);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        db.close();
    }

    @Test
    void aWarmNodeLosesWeightWhileWarmAndGetsItBackOnceCool() throws Exception {
        CompletableFuture<LoadReport> load = probe.load(6, Duration.ofSeconds(10));
        probe.inject("node-2", "overheat");
        probe.await(() -> weight("node-2") < 1.0, Duration.ofSeconds(30));
        JsonNode rebalanced = probe.awaitEntry(() -> probe.auditEntry("fleet", "REBALANCE", "EXECUTED"),
                Duration.ofSeconds(5));
        assertThat(rebalanced.get("reason").asText()).startsWith("gateway weights node-2 1.00 → ")
                .contains("node-2: GPU at ");
        assertThat(probe.routable("node-2")).as("weighted down, not isolated").isTrue();
        assertThat(load.get().failed()).isZero();

        probe.inject("node-2", "clear");
        // full weight once cooled below 72 °C and its latency window calm (at most a minute after the load)
        probe.await(() -> weight("node-2") == 1.0, Duration.ofSeconds(90));
        assertThat(probe.reasons("fleet", "REBALANCE", "EXECUTED").get(0))
                .endsWith("— no finding asks for less traffic: full weight again for the nodes that calmed down");
    }

    private double weight(String node) throws Exception {
        return probe.route(node).get("weight").asDouble();
    }
}
