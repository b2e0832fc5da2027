package dev.hearth.controlplane.placement;

import dev.hearth.model.ActionType;
import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.PlannedAction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rescheduling with the real solver on a DeepSeek-V3 placement over 1,000 synthetic nodes; the
 * rollout's pushes and switch are test doubles that record what reaches the fleet, in order.
 */
class ShardReschedulerTest {
    private static final long GIB = 1L << 30;
    private final List<NodeCapacity> fleet = new SyntheticFleet(1000, 10, 3, 11 * GIB, GIB).build();
    private final PlacementSolver solver = new PlacementSolver(new PlacementPolicy(2, 2));
    private final PlacementMap v1 = solver.solve(new ShardPlanner(ModelPresets.deepSeekV3(), WeightFormat.fp8())
            .plan(fleet), fleet).map();
    private final AtomicReference<PlacementMap> current = new AtomicReference<>(v1);
    private final List<String> log = new ArrayList<>();
    private final List<String> events = new ArrayList<>();

    private ShardRescheduler rescheduler(String failingNode) {
        PlacementRollout rollout = new PlacementRollout((node, map, prepare) -> {
            if (node.equals(failingNode)) {
                throw new IllegalStateException("connection refused");
            }
            if (prepare) {
                log.add("prepare " + node);
            }
            return map.version();
        }, map -> log.add("switch v" + map.version()));
        return new ShardRescheduler(solver, current::get, () -> fleet, rollout, current::set, events::add);
    }

    private static PlannedAction reschedule(String node) {
        return new PlannedAction("r1", ActionType.RESCHEDULE_SHARDS, node, null, "no standby is free", Map.of());
    }

    /** The node holding the most replicas under {@code map}. */
    private static String fullest(PlacementMap map) {
        return map.nodesUsed().stream().max(java.util.Comparator.comparingLong(map::bytesOn)).orElseThrow();
    }

    @Test
    void anIsolatedNodesReplicasMoveAndNothingElseDoes() throws Exception {
        String lost = fullest(v1);
        long held = v1.bytesOn(lost);
        rescheduler(null).execute(reschedule(lost));

        PlacementMap v2 = current.get();
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.nodesUsed()).doesNotContain(lost);
        long moved = 0;
        for (int s = 0; s < v1.shards().size(); s++) {
            ShardPlacement before = v1.shards().get(s);
            ShardPlacement after = v2.shards().get(s);
            for (int r = 0; r < before.nodes().size(); r++) {
                if (!before.nodes().get(r).equals(after.nodes().get(r))) {
                    assertThat(before.nodes().get(r)).as("only the lost node's replicas move").isEqualTo(lost);
                    moved += before.shard().bytes();
                }
            }
        }
        assertThat(moved).isEqualTo(held);
        assertThat(log).last().isEqualTo("switch v2");
        assertThat(log).filteredOn(l -> l.startsWith("prepare")).hasSize(v2.nodesUsed().size());
        assertThat(events).singleElement().satisfies(e -> assertThat(e).startsWith("placement version 2: ")
                .contains(" moved off " + lost));
    }

    @Test
    void aRolloutThatStopsBeforeItsSwitchLeavesTheFleetOnItsPlacement() {
        String lost = fullest(v1);
        String failing = v1.nodesUsed().stream().filter(n -> !n.equals(lost)).findFirst().orElseThrow();
        assertThatThrownBy(() -> rescheduler(failing).execute(reschedule(lost)))
                .isInstanceOf(ActuationException.class)
                .hasMessageStartingWith("placement version 2 did not roll out (" + failing + ": connection refused)")
                .hasMessageEndingWith("the fleet stays on version 1")
                .satisfies(e -> assertThat(((ActuationException) e).retryable()).isTrue());
        assertThat(current.get()).isSameAs(v1);
        assertThat(log).noneMatch(l -> l.startsWith("switch"));
    }

    @Test
    void aNodeHoldingNothingMovesNothingAndAFleetWithoutPlacementIsNamed() throws Exception {
        String spare = fleet.stream().map(NodeCapacity::id).filter(n -> !v1.nodesUsed().contains(n)).findFirst()
                .orElseThrow();
        rescheduler(null).execute(reschedule(spare));
        assertThat(current.get()).isSameAs(v1);
        assertThat(log).isEmpty();
        current.set(null);
        assertThatThrownBy(() -> rescheduler(null).execute(reschedule("node-1")))
                .hasMessage("this fleet follows no placement: every node runs the whole model and there is nothing of"
                        + " node-1's to move");
    }
}
