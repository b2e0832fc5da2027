package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.NodeState;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardPlacement;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.hearth.remediation.Findings.T0;
import static dev.hearth.remediation.Findings.overheat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A standby's life: held in reserve, promoted in an isolated node's place, set aside when it could not
 * take over; the node it replaced rejoins the reserve after the hold-down.
 */
class StandbyLifecycleTest {
    private final RecordingActuatorDouble gateway = new RecordingActuatorDouble();
    private final RecordingActuatorDouble promoter = new RecordingActuatorDouble();
    private final InMemoryAuditLogDouble audit = new InMemoryAuditLogDouble();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ExecutorService calls = Executors.newCachedThreadPool();
    private final Remediator remediator = new Remediator(List.of("node-1", "node-2", "node-3"),
            List.of("standby-1", "standby-2"), T0, new Planner(Duration.ofSeconds(10)), new Guard(GuardPolicy.defaults()),
            new ActionExecutor(Backends.of(gateway, ActionType.ISOLATE, ActionType.RESTORE)
                    .with(ActionType.PROMOTE_STANDBY, promoter), new RetryPolicy(1, Duration.ZERO, Duration.ZERO,
                    Duration.ofSeconds(5)), d -> { }, calls),
            ActionModes.automatic(), new InMemoryPendingActions(), audit, registry);

    @AfterEach
    void stop() {
        calls.shutdownNow();
    }

    /** The whole model as one shard, held by {@code holders}: what a whole-model fleet reports. */
    private static FleetFacts heldBy(String... holders) {
        return new FleetFacts(new PlacementMap(1, holders.length, List.of(new ShardPlacement(Shard.stage(0, 0, 4, 10),
                List.of(holders)))), List.of(), null);
    }

    private List<AuditEntry> tick(int second, FleetFacts facts, dev.hearth.model.Finding... findings) {
        return remediator.onFindings(List.of(findings), facts, T0.plusSeconds(second));
    }

    @Test
    void standbysStartInReserveAndCarryNoShareOfTheIsolationLimit() {
        assertThat(remediator.nodes().values()).extracting(NodeStatus::node, NodeStatus::state).containsExactly(
                tuple("node-1", NodeState.SERVING), tuple("node-2", NodeState.SERVING), tuple("node-3", NodeState.SERVING),
                tuple("standby-1", NodeState.STANDBY), tuple("standby-2", NodeState.STANDBY));
        assertThat(registry.get("hearth_node_state").tag("node", "standby-1").tag("state", "standby").gauge().value())
                .isEqualTo(1);
        // 3 nodes in service: half of them rounds down to 1, so the second isolation is refused
        List<AuditEntry> first = tick(1, heldBy("node-1", "node-2", "node-3"), overheat("node-1", T0),
                overheat("node-2", T0));
        assertThat(first).extracting(AuditEntry::node, AuditEntry::outcome, AuditEntry::verdict).containsExactly(
                tuple("node-1", Outcome.EXECUTED, "within-limits"), tuple("node-2", Outcome.REFUSED, "max-share"));
    }

    @Test
    void anIsolatedNodeIsReplacedByAStandbyAndRejoinsTheReserveAfterTheHoldDown() {
        FleetFacts before = heldBy("node-1", "node-2", "node-3");
        assertThat(tick(1, before, overheat("node-2", T0))).extracting(AuditEntry::action)
                .containsExactly(ActionType.ISOLATE);
        List<AuditEntry> promoted = tick(2, before, overheat("node-2", T0));
        assertThat(promoted).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(ActionType.PROMOTE_STANDBY);
            assertThat(e.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.reason()).isEqualTo("load node-2's shards onto standby standby-1 and route to it after a good"
                    + " canary");
        });
        assertThat(promoter.executed).singleElement().satisfies(a -> assertThat(a.parameter(Planner.STANDBY))
                .isEqualTo("standby-1"));
        assertThat(remediator.nodes().get("standby-1").state()).isEqualTo(NodeState.SERVING);
        FleetFacts after = heldBy("node-1", "standby-1", "node-3");
        assertThat(tick(3, after, overheat("node-2", T0))).isEmpty();
        // the fault clears: 10 s later node-2 comes back, but into the reserve: standby-1 holds its shards now
        assertThat(tick(4, after)).isEmpty();
        assertThat(tick(14, after)).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(ActionType.RESTORE);
            assertThat(e.reason()).endsWith("; rejoins as a standby: it holds no shards now");
        });
        assertThat(remediator.nodes().get("node-2").state()).isEqualTo(NodeState.STANDBY);
        assertThat(promoter.executed).hasSize(1);
    }

    @Test
    void aStandbyThatFailsItsCanaryIsSetAsideAndTheNextOneIsPromoted() {
        FleetFacts facts = heldBy("node-1", "node-2", "node-3");
        tick(1, facts, overheat("node-2", T0));
        promoter.failWith = "canary on standby-1 answered \"xyz\", expected \"abc\"";
        assertThat(tick(2, facts, overheat("node-2", T0))).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(e.reason()).isEqualTo("canary on standby-1 answered \"xyz\", expected \"abc\"; standby-1 is set"
                    + " aside until it has been healthy for the hold-down");
        });
        assertThat(remediator.nodes().get("standby-1").state()).isEqualTo(NodeState.ISOLATED);
        promoter.failWith = null;
        assertThat(tick(3, facts, overheat("node-2", T0))).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(ActionType.PROMOTE_STANDBY);
            assertThat(e.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.reason()).contains("standby standby-2");
        });
        // the set-aside standby returns to the reserve after the hold-down, not to serving
        FleetFacts after = heldBy("node-1", "standby-2", "node-3");
        assertThat(tick(13, after)).extracting(AuditEntry::node, AuditEntry::action)
                .containsExactly(tuple("standby-1", ActionType.RESTORE));
        assertThat(remediator.nodes().get("standby-1").state()).isEqualTo(NodeState.STANDBY);
        assertThat(tick(23, after)).extracting(AuditEntry::node, AuditEntry::action)
                .containsExactly(tuple("node-2", ActionType.RESTORE));
        assertThat(remediator.nodes().get("node-2").state()).isEqualTo(NodeState.STANDBY);
    }

    @Test
    void theGuardPromotesOnlyAStandbyInReserveForAnIsolatedNode() {
        Guard guard = new Guard(GuardPolicy.defaults());
        FleetView view = new FleetView(remediator.nodes(), null, List.of(), null, java.util.Set.of());
        PlannedAction busy = new PlannedAction("a1", ActionType.PROMOTE_STANDBY, "node-2", null, "r",
                java.util.Map.of(Planner.STANDBY, "node-1"));
        assertThat(guard.check(busy, view, GuardState.initial(), T0).reason())
                .isEqualTo("node-1 is serving since " + T0 + ", not in reserve: it cannot take node-2's shards");
        PlannedAction notIsolated = new PlannedAction("a2", ActionType.PROMOTE_STANDBY, "node-2", null, "r",
                java.util.Map.of(Planner.STANDBY, "standby-1"));
        assertThat(guard.check(notIsolated, view, GuardState.initial(), T0).reason())
                .isEqualTo("node-2 is not isolated: its shards need no standby");
        PlannedAction restoreStandby = new PlannedAction(ActionType.RESTORE, "standby-1", null, "r");
        assertThat(guard.check(restoreStandby, view, GuardState.initial(), T0).code()).isEqualTo("already-in-state");
    }
}
