package dev.hearth.controlplane.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.model.NodeIdentity;
import dev.hearth.model.Topology;
import dev.hearth.model.placement.NodeCapacity;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardMove;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.model.ModelPresets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlacementSolverTest {
    private static final long GIB = 1L << 30;

    /** 1,000 cards of 11 GiB with 1 GiB of KV budget, 100 to a building, on 3 spines. */
    private final List<NodeCapacity> fleet = new SyntheticFleet(1000, 10, 3, 11 * GIB, GIB).build();
    private final List<Shard> v3 = new ShardPlanner(ModelPresets.deepSeekV3(), WeightFormat.fp8()).plan(fleet);
    private final PlacementSolver solver = new PlacementSolver(new PlacementPolicy(2, 2));

    @Test
    void deepSeekV3FitsEveryNodesMemoryBesideItsKvBudget() {
        PlacementSolution solution = solver.solve(v3, fleet);
        PlacementMap map = solution.map();

        assertThat(map.version()).isEqualTo(1);
        assertThat(map.shards()).hasSize(466).allSatisfy(p -> assertThat(p.nodes()).hasSize(2));
        assertThat(solution.moves()).isEmpty();
        for (NodeCapacity node : fleet) {
            assertThat(map.bytesOn(node.id()) + node.kvBudgetBytes()).as(node.id()).isLessThanOrEqualTo(node.gpuMemoryBytes());
        }
        PlacementSummary summary = PlacementSummary.of(map, fleet);
        assertThat(summary.nodesUsed()).isEqualTo(138);
        assertThat(summary.spares()).isEqualTo(862).isEqualTo(solution.spares().size());
    }

    @Test
    void replicasOfAShardAreOnDistinctNodesHouseholdsAndBuildings() {
        PlacementMap map = new PlacementSolver(new PlacementPolicy(3, 2)).solve(v3, fleet).map();
        Map<String, Topology> where = topology(fleet);

        for (ShardPlacement p : map.shards()) {
            assertThat(new HashSet<>(p.nodes())).as(p.shard().id()).hasSize(3);
            assertThat(p.nodes().stream().map(n -> where.get(n).household()).distinct()).hasSize(3);
            assertThat(p.nodes().stream().map(n -> where.get(n).building()).distinct()).hasSize(3);
        }
    }

    @Test
    void inOneBuildingReplicasStillAvoidSharingAHousehold() {
        // four households of two cards each, all behind one switch
        List<NodeCapacity> nodes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            nodes.add(node("node-" + i, "hh-" + i / 2, "b-1", "s-1", 10));
        }
        List<Shard> shards = List.of(Shard.stage(0, 0, 1, 4 * GIB), Shard.stage(1, 1, 2, 4 * GIB));
        PlacementMap map = new PlacementSolver(new PlacementPolicy(2, 0)).solve(shards, nodes).map();

        Map<String, Topology> where = topology(nodes);
        for (ShardPlacement p : map.shards()) {
            assertThat(where.get(p.nodes().get(0)).household()).as(p.shard().id()).isNotEqualTo(where.get(p.nodes().get(1)).household());
        }
        assertThat(map.nodesUsed()).as("both stages of a replica share a node: 8 GiB fit in 9").hasSize(2);
    }

    @Test
    void eachPipelineReplicaStaysInsideOneBuildingWithItsExperts() {
        PlacementMap map = solver.solve(v3, fleet).map();
        PlacementSummary summary = PlacementSummary.of(map, fleet);

        assertThat(summary.stages()).isEqualTo(2);
        assertThat(summary.stageHops()).isEqualTo(2);
        assertThat(summary.stageHopsInBuilding()).isEqualTo(2);
        assertThat(summary.replicasInOneBuilding()).isEqualTo(2);
        assertThat(summary.expertReplicasBesideStage()).isEqualTo(464 * 2);
        assertThat(summary.shardsOverBuildings()).isEqualTo(466);
        assertThat(summary.shardsOverHouseholds()).isEqualTo(466);
    }

    @Test
    void aReplicaLargerThanABuildingGoesOnInABuildingOnTheSameSpine() {
        // 50 cards to a building: a replica needs 69, so its second stage moves next door
        List<NodeCapacity> small = new SyntheticFleet(1000, 20, 5, 11 * GIB, GIB).build();
        PlacementMap map = solver.solve(v3, small).map();
        PlacementSummary summary = PlacementSummary.of(map, small);
        Map<String, Topology> where = topology(small);

        assertThat(summary.stageHopsInBuilding()).isZero();
        assertThat(summary.expertReplicasBesideStage()).as("each stage's experts still beside it").isEqualTo(464 * 2);
        for (int r = 0; r < 2; r++) {
            Topology first = where.get(map.shards().get(0).nodes().get(r));
            Topology second = where.get(stage(map, 1).nodes().get(r));
            assertThat(second.building()).isNotEqualTo(first.building());
            assertThat(second.spine()).isEqualTo(first.spine());
        }
    }

    @Test
    void keepsTheSparesAskedForAndRefusesWhenItCannot() {
        List<Shard> shards = List.of(Shard.stage(0, 0, 1, 6 * GIB), Shard.stage(1, 1, 2, 6 * GIB));
        List<NodeCapacity> six = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            six.add(node("node-" + i, "hh-" + i, "b-" + (i % 2), "s-1", 11));
        }
        PlacementSolution solution = solver.solve(shards, six);
        assertThat(solution.spares()).hasSize(2);
        assertThat(solution.map().nodesUsed()).hasSize(4);

        assertThatThrownBy(() -> solver.solve(shards, six.subList(0, 5))).isInstanceOf(PlacementException.class)
                .hasMessage("no node has room for stage-1 (6.00 GiB), replica 2 of 2: the 3 nodes left after 2 spares"
                        + " have 12.0 GiB free in all, in pieces too small; add nodes, or lower replication or the KV budget");
        assertThatThrownBy(() -> new PlacementSolver(new PlacementPolicy(2, 5)).solve(shards, six))
                .isInstanceOf(PlacementException.class)
                .hasMessage("replication 2 and 5 spares need at least 7 nodes (each replica of a shard on its own node);"
                        + " the fleet has 6: add nodes, or lower replication or spares");
    }

    @Test
    void deepSeekV3OnTheSmallestFleetThatHoldsItKeepsExactlyTwoSpares() {
        List<NodeCapacity> tight = new SyntheticFleet(140, 1, 1, 11 * GIB, GIB).build();
        assertThat(solver.solve(v3, tight).spares()).hasSize(2);

        assertThatThrownBy(() -> solver.solve(v3, tight.subList(0, 139))).isInstanceOf(PlacementException.class)
                .hasMessageContaining("replica 2 of 2: the 137 nodes left after 2 spares");
    }

    @Test
    void refusesAFleetTooSmallNamingTheNumbersAndTheFix() {
        List<NodeCapacity> hundred = new SyntheticFleet(100, 1, 1, 11 * GIB, GIB).build();
        assertThatThrownBy(() -> solver.solve(v3, hundred)).isInstanceOf(PlacementException.class)
                .hasMessage("the model needs 626.9 GiB × 2 replicas = 1253.8 GiB of weights, but the 98 nodes left after"
                        + " 2 spares hold 980.0 GiB beside their KV budget; add at least 28 nodes, or lower replication or"
                        + " the KV budget");

        assertThatThrownBy(() -> solver.solve(List.of(Shard.stage(0, 0, 1, 12 * GIB)), fleet))
                .isInstanceOf(PlacementException.class)
                .hasMessageStartingWith("shard stage-0 needs 12.00 GiB but the largest node holds 10.00 GiB of weights");
    }

    @Test
    void refusesBadInputNamingTheValue() {
        assertThatThrownBy(() -> new PlacementPolicy(0, 2)).hasMessageContaining("replication is 0; it must be at least 1");
        assertThatThrownBy(() -> new PlacementPolicy(2, -1)).hasMessageContaining("spares is -1");
        List<NodeCapacity> twice = new ArrayList<>(fleet);
        twice.add(fleet.get(0));
        assertThatThrownBy(() -> solver.solve(v3, twice)).hasMessageContaining("node node-0001 is listed twice");
        assertThatThrownBy(() -> solver.solve(List.of(), fleet)).hasMessageContaining("there are no shards to place");
        assertThatThrownBy(() -> solver.solve(v3, List.of())).hasMessageContaining("the fleet has no nodes");
        assertThatThrownBy(() -> solver.solve(List.of(v3.get(0), v3.get(0)), fleet)).hasMessageContaining("stage-0 is listed twice");
    }

    @Test
    void theSameInputGivesTheSamePlacementWhateverTheNodeOrder() {
        PlacementSolution first = solver.solve(v3, fleet);
        List<NodeCapacity> shuffled = new ArrayList<>(fleet);
        Collections.shuffle(shuffled, new Random(7));

        assertThat(solver.solve(v3, fleet)).isEqualTo(first);
        assertThat(solver.solve(v3, shuffled)).isEqualTo(first);
    }

    @Test
    void losingANodeMovesOnlyItsShardsExactlyItsBytesAndKeepsThemBesideTheirReplica() {
        PlacementSolution first = solver.solve(v3, fleet);
        String lost = PlacementSummary.of(first.map(), fleet).fullestNode();
        List<NodeCapacity> survivors = without(fleet, lost);

        PlacementSolution after = solver.resolve(first.map(), survivors);

        long lostBytes = first.map().bytesOn(lost);
        assertThat(lostBytes).as("7 expert groups").isEqualTo(7 * v3.get(1).bytes());
        assertThat(after.bytesMoved()).isEqualTo(lostBytes);
        assertThat(after.moves()).hasSize(7).allSatisfy(m -> assertThat(m.from()).isEqualTo(lost));
        assertThat(after.map().version()).isEqualTo(2);
        assertOnlyMovesChanged(first.map(), after);
        for (NodeCapacity node : survivors) {
            assertThat(after.map().bytesOn(node.id())).isLessThanOrEqualTo(node.weightBytes());
        }
        PlacementSummary summary = PlacementSummary.of(after.map(), survivors);
        assertThat(summary.expertReplicasBesideStage()).isEqualTo(464 * 2);
        assertThat(summary.shardsOverBuildings()).isEqualTo(466);
        assertThat(after.spares()).hasSizeGreaterThanOrEqualTo(first.spares().size() - 2);
    }

    @Test
    void aLostStageMovesToANodeInItsBuilding() {
        PlacementSolution first = solver.solve(v3, fleet);
        String lost = stage(first.map(), 0).nodes().get(0);

        PlacementSolution after = solver.resolve(first.map(), without(fleet, lost));

        Map<String, Topology> where = topology(fleet);
        assertThat(after.bytesMoved()).isEqualTo(first.map().bytesOn(lost));
        assertThat(after.moves()).extracting(ShardMove::shard).contains("stage-0");
        assertThat(after.moves()).allSatisfy(m -> assertThat(m.from()).isEqualTo(lost));
        String to = stage(after.map(), 0).nodes().get(0);
        assertThat(where.get(to).building()).isEqualTo(where.get(lost).building());
        assertOnlyMovesChanged(first.map(), after);
    }

    @Test
    void losingSeveralNodesAtOnceMovesTheirBytesOnly() {
        PlacementSolution first = solver.solve(v3, fleet);
        List<String> lost = List.copyOf(first.map().nodesUsed()).subList(10, 13);
        List<NodeCapacity> survivors = new ArrayList<>(fleet);
        survivors.removeIf(n -> lost.contains(n.id()));

        PlacementSolution after = solver.resolve(first.map(), survivors);

        assertThat(after.bytesMoved()).isEqualTo(lost.stream().mapToLong(first.map()::bytesOn).sum());
        assertOnlyMovesChanged(first.map(), after);
        assertThat(after.moves()).allSatisfy(m -> assertThat(m.from()).isIn(lost));
        assertThat(after.map().version()).isEqualTo(2);
    }

    @Test
    void aNodeThatJoinsBecomesASpareAndNothingMoves() {
        PlacementSolution first = solver.solve(v3, fleet);
        List<NodeCapacity> grown = new ArrayList<>(fleet);
        grown.add(node("node-1001", "household-0911", "building-10", "spine-1", 11));

        PlacementSolution after = solver.resolve(first.map(), grown);

        assertThat(after.moves()).isEmpty();
        assertThat(after.map()).isEqualTo(first.map());
        assertThat(after.spares()).contains("node-1001").hasSize(first.spares().size() + 1);
        // a spare lost changes nothing either
        assertThat(solver.resolve(first.map(), without(fleet, first.spares().get(0))).map()).isEqualTo(first.map());
    }

    @Test
    void aNodeWhoseShardsNoLongerFitGivesUpAsFewAsItCan() {
        PlacementSolution first = solver.solve(v3, fleet);
        String fullest = PlacementSummary.of(first.map(), fleet).fullestNode();
        List<NodeCapacity> changed = new ArrayList<>(fleet);
        changed.replaceAll(n -> n.id().equals(fullest) ? new NodeCapacity(n.node(), n.gpuMemoryBytes(), 2 * GIB) : n);

        PlacementSolution after = solver.resolve(first.map(), changed);

        // 7 groups of 1.31 GiB no longer fit 9 GiB: one group goes, six stay
        long group = v3.get(1).bytes();
        assertThat(after.moves()).singleElement().satisfies(m -> assertThat(m.from()).isEqualTo(fullest));
        assertThat(after.bytesMoved()).isEqualTo(group);
        assertThat(after.map().bytesOn(fullest)).isEqualTo(6 * group);
        assertOnlyMovesChanged(first.map(), after);
    }

    @Test
    void refusesToResolveWhenNoLiveNodeHasRoom() {
        List<NodeCapacity> three = List.of(node("node-1", "hh-1", "b-1", "s-1", 11), node("node-2", "hh-2", "b-1", "s-1", 11),
                node("node-3", "hh-3", "b-2", "s-1", 11));
        PlacementSolver one = new PlacementSolver(new PlacementPolicy(2, 1));
        PlacementMap map = one.solve(List.of(Shard.stage(0, 0, 1, 6 * GIB)), three).map();
        String kept = map.shards().get(0).nodes().get(0);

        assertThatThrownBy(() -> one.resolve(map, three.stream().filter(n -> n.id().equals(kept)).toList()))
                .isInstanceOf(PlacementException.class)
                .hasMessageStartingWith("no live node has room for stage-0 (6.00 GiB), replica 2 of 2");
        assertThatThrownBy(() -> new PlacementSolver(new PlacementPolicy(3, 2)).resolve(map, three))
                .hasMessageContaining("the previous placement has replication 2 but this solver keeps 3");
    }

    /** Every shard replica is where it was, except those the solution lists as moves, which are where they say. */
    private static void assertOnlyMovesChanged(PlacementMap before, PlacementSolution after) {
        Map<String, ShardMove> moved = after.moves().stream().collect(Collectors.toMap(m -> m.shard() + "/" + m.replica(), m -> m));
        for (int s = 0; s < before.shards().size(); s++) {
            String id = before.shards().get(s).shard().id();
            List<String> was = before.shards().get(s).nodes();
            List<String> now = after.map().shards().get(s).nodes();
            for (int r = 0; r < was.size(); r++) {
                ShardMove move = moved.get(id + "/" + r);
                assertThat(now.get(r)).as("%s replica %d", id, r).isEqualTo(move == null ? was.get(r) : move.to());
                assertThat(was.get(r)).isEqualTo(move == null ? was.get(r) : move.from());
            }
        }
    }

    private static ShardPlacement stage(PlacementMap map, int stage) {
        return map.shards().stream().filter(p -> p.shard().kind() == ShardKind.STAGE && p.shard().stage() == stage)
                .findFirst().orElseThrow();
    }

    private static List<NodeCapacity> without(List<NodeCapacity> fleet, String id) {
        return fleet.stream().filter(n -> !n.id().equals(id)).toList();
    }

    private static Map<String, Topology> topology(List<NodeCapacity> fleet) {
        return fleet.stream().collect(Collectors.toMap(NodeCapacity::id, n -> n.node().topology()));
    }

    private static NodeCapacity node(String id, String household, String building, String spine, int gib) {
        return new NodeCapacity(new NodeIdentity(id, new Topology(household, building, spine)), gib * GIB, GIB);
    }
}
