package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.NodeState;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardPlacement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.hearth.remediation.Findings.T0;
import static dev.hearth.remediation.Findings.overheat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardTest {
    private static final GuardState FRESH = GuardState.initial();

    private static Map<String, NodeStatus> fleet(int serving, int isolated) {
        Map<String, NodeStatus> m = new LinkedHashMap<>();
        for (int i = 0; i < serving + isolated; i++) {
            String id = "node-" + (i + 1);
            m.put(id, i < serving ? NodeStatus.serving(id, T0)
                    : new NodeStatus(id, NodeState.ISOLATED, T0, overheat(id, T0), null));
        }
        return m;
    }

    private static FleetView view(int serving, int isolated) {
        return FleetView.of(fleet(serving, isolated));
    }

    private static PlannedAction isolate(String node) {
        return new PlannedAction(ActionType.ISOLATE, node, overheat(node, T0), "hot");
    }

    private static PlannedAction of(ActionType type, String node) {
        return new PlannedAction(type, node, overheat(node, T0), "because");
    }

    @Test
    void refusesToIsolateMoreThanTheShare() {
        Guard guard = new Guard(new GuardPolicy(0.5, 10, Duration.ofMinutes(10)));
        assertThat(guard.check(isolate("node-1"), view(3, 1), FRESH, T0).allowed()).isTrue();
        Verdict v = guard.check(isolate("node-1"), view(2, 2), FRESH, T0);
        assertThat(v.allowed()).isFalse();
        assertThat(v.code()).isEqualTo("max-share");
        assertThat(v.reason()).isEqualTo("isolating node-1 would isolate 3 of 4 nodes; at most 2 (50 %) may be"
                + " isolated at once");
    }

    @Test
    void aSingleNodeFleetIsNeverIsolatedAtHalfShare() {
        Guard guard = new Guard(GuardPolicy.defaults());
        assertThat(guard.check(isolate("node-1"), view(1, 0), FRESH, T0).allowed()).isFalse();
    }

    @Test
    void theBreakerTripsPastKIsolationsInTheWindowAndBlocksUntilReset() {
        Guard guard = new Guard(new GuardPolicy(1.0, 2, Duration.ofMinutes(10)));
        FleetView nodes = view(10, 0);
        GuardState state = FRESH.afterExecuted(ActionType.ISOLATE, T0, Duration.ofHours(1))
                .afterExecuted(ActionType.ISOLATE, T0.plusSeconds(60), Duration.ofHours(1));
        Verdict trips = guard.check(isolate("node-3"), nodes, state, T0.plusSeconds(120));
        assertThat(trips.allowed()).isFalse();
        assertThat(trips.tripsBreaker()).isTrue();
        assertThat(trips.reason()).startsWith("2 isolations in the last 600 s already; the limit is 2");

        GuardState tripped = state.tripped(trips.reason(), T0.plusSeconds(120));
        // long after the window, a tripped breaker still blocks: only an operator closes it
        Instant later = T0.plus(Duration.ofHours(2));
        Verdict blocked = guard.check(isolate("node-4"), nodes, tripped, later);
        assertThat(blocked.code()).isEqualTo("breaker");
        assertThat(blocked.reason()).contains("tripped at " + T0.plusSeconds(120)).contains("./hearth breaker reset");
        assertThat(guard.check(of(ActionType.RESCHEDULE_SHARDS, "node-4"), nodes, tripped, later).code())
                .isEqualTo("breaker");
        assertThat(guard.check(of(ActionType.OPEN_REPAIR_TICKET, "node-4"), nodes, tripped, later).allowed()).isTrue();
        assertThat(guard.check(isolate("node-4"), nodes, tripped.reset(), later).allowed()).isTrue();
        // reset forgets the isolations it counted, so the next one does not trip it again at once
        assertThat(guard.check(isolate("node-4"), nodes, tripped.reset(), T0.plusSeconds(121)).allowed()).isTrue();
    }

    @Test
    void neverIsolatesBelowAShardsReplicationLessItsSpares() {
        Guard guard = new Guard(new GuardPolicy(1.0, 10, Duration.ofMinutes(10)));
        Map<String, NodeStatus> nodes = fleet(4, 0);
        nodes.put("node-1", new NodeStatus("node-1", NodeState.ISOLATED, T0, overheat("node-1", T0), null));
        nodes.put("node-2", new NodeStatus("node-2", NodeState.ISOLATED, T0, overheat("node-2", T0), null));
        // stage-1 has 4 replicas; N+2 keeps 2 serving: node-1 and node-2 are out, node-3 must stay
        PlacementMap placement = new PlacementMap(1, 4, List.of(
                new ShardPlacement(Shard.stage(0, 0, 2, 100), List.of("node-1", "node-2", "node-3", "node-4")),
                new ShardPlacement(Shard.stage(1, 2, 4, 100), List.of("node-2", "node-1", "node-4", "node-3"))));
        FleetView view = new FleetView(nodes, placement, List.of(), null, Set.of());
        Verdict v = guard.check(isolate("node-3"), view, FRESH, T0);
        assertThat(v.code()).isEqualTo("replication");
        assertThat(v.reason()).isEqualTo("isolating node-3 would leave shard stage-0 with 1 of 4 replicas serving;"
                + " it keeps at least 2 (4 replicas − 2 spares)");
    }

    @Test
    void refusesUnknownNodesAndActionsOnNodesAlreadyInThatState() {
        Guard guard = new Guard(GuardPolicy.defaults());
        Verdict unknown = guard.check(isolate("node-9"), view(2, 0), FRESH, T0);
        assertThat(unknown.code()).isEqualTo("unknown-node");
        assertThat(unknown.reason()).startsWith("node-9 is not a node of this fleet (it has 2: node-1, node-2)");
        assertThat(guard.check(isolate("node-2"), view(1, 1), FRESH, T0).reason())
                .isEqualTo("node-2 is isolated already (since " + T0 + ")");
        assertThat(guard.check(new PlannedAction(ActionType.RESTORE, "node-1", null, "healthy"), view(1, 1), FRESH, T0)
                .reason()).isEqualTo("node-1 is serving already (since " + T0 + "): only an isolated node is restored");
        assertThat(guard.check(of(ActionType.SET_POWER_STATE, FleetView.FLEET), view(2, 0), FRESH, T0).allowed())
                .isTrue();
    }

    @Test
    void refusesWhatWouldSpendMoreThanTheErrorBudgetLeft() {
        Guard guard = new Guard(GuardPolicy.defaults());
        FleetView low = new FleetView(fleet(4, 0), null, List.of(), 0.03, Set.of());
        Verdict v = guard.check(of(ActionType.RESTART_SERVICE, "node-1"), low, FRESH, T0);
        assertThat(v.code()).isEqualTo("error-budget");
        assertThat(v.reason()).isEqualTo("restart-service of node-1 is expected to spend 5.0 % of the error budget;"
                + " 3.0 % is left");
        assertThat(guard.check(of(ActionType.RESCHEDULE_SHARDS, "node-1"), low, FRESH, T0).allowed()).isTrue();
        assertThat(guard.check(isolate("node-1"), low, FRESH, T0).allowed()).isTrue(); // draining spends nothing
    }

    @Test
    void defersActionsOverTheirTypesRateLimit() {
        Guard guard = new Guard(GuardPolicy.defaults().withRateLimits(
                Map.of(ActionType.REBALANCE, new RateLimit(2, Duration.ofMinutes(5)))));
        GuardState state = FRESH.afterExecuted(ActionType.REBALANCE, T0, Duration.ofHours(1))
                .afterExecuted(ActionType.REBALANCE, T0.plusSeconds(30), Duration.ofHours(1));
        Verdict v = guard.check(of(ActionType.REBALANCE, "node-1"), view(4, 0), state, T0.plusSeconds(60));
        assertThat(v.allowed()).isFalse();
        assertThat(v.deferred()).isTrue();
        assertThat(v.reason()).isEqualTo("2 rebalance actions in the last 300 s already; the limit is 2; deferred until "
                + T0.plusSeconds(300));
        assertThat(guard.check(of(ActionType.REBALANCE, "node-1"), view(4, 0), state, T0.plusSeconds(301)).allowed())
                .isTrue();
    }

    @Test
    void restoresPassEveryLimit() {
        Guard guard = new Guard(new GuardPolicy(0, 0, Duration.ofMinutes(1)));
        GuardState tripped = FRESH.tripped("storm", T0);
        assertThat(guard.check(new PlannedAction(ActionType.RESTORE, "node-1", null, "healthy"), view(0, 1), tripped, T0)
                .allowed()).isTrue();
    }

    @Test
    void policyOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new GuardPolicy(1.5, 1, Duration.ofMinutes(1))).hasMessageContaining("1.5");
        assertThatThrownBy(() -> new GuardPolicy(0.5, 1, Duration.ZERO)).hasMessageContaining("window");
        assertThatThrownBy(() -> new RateLimit(0, Duration.ofMinutes(1))).hasMessageContaining("would allow none");
    }
}
