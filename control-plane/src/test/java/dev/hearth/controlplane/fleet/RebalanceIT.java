package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.controlplane.load.LoadReport;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.rules.RulePack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rebalancing end to end on a real local fleet: a node running warm gets a lower gateway weight from
 * its thermal headroom, traffic shifts away from it without a failed request, and it gets full weight
 * back once it has cooled below the margin.
 */
class RebalanceIT {
    private static final String RULES = ReadingRules.file(
            ReadingRules.gpuAbove("GPU warm now", 78.0, "gpu-warm", "WARNING", "REBALANCE"));

    private static LocalFleet fleet;
    private static FleetProbe probe;
    private static ScenarioFleet scenario;

    @BeforeAll
    static void start(@TempDir Path dir) {
        RemediationSetup setup = new RemediationSetup(ActionModes.automatic(), Map.of(), RetryPolicy.defaults(),
                new RulePack(Map.of("warm.drl", RULES)));
        scenario = ScenarioFleet.start(url -> new FleetConfig(3, Optional.of(url), dir, 0, 0, Duration.ofSeconds(1),
                        Duration.ofSeconds(4), Duration.ofHours(6), GuardPolicy.defaults(), 42), setup);
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
