package dev.hearth.model.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.model.NodeIdentity;
import dev.hearth.model.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Shard, NodeCapacity, ShardPlacement and PlacementMap: what they accept and what they refuse. */
class PlacementRecordsTest {
    private static final long GIB = 1L << 30;
    private static final NodeIdentity NODE = new NodeIdentity("node-3", new Topology("hh-1", "b-1", "s-1"));

    @Test
    void shardFactoriesNameTheirRanges() {
        Shard stage = Shard.stage(1, 30, 61, 9 * GIB);
        Shard experts = Shard.experts(1, 40, 32, 64, GIB);
        assertThat(stage.id()).isEqualTo("stage-1");
        assertThat(stage.kind()).isEqualTo(ShardKind.STAGE);
        assertThat(experts.id()).isEqualTo("layer-40-experts-32-63");
        assertThat(experts.endLayer()).isEqualTo(41);
    }

    @Test
    void shardsRefuseEmptyRangesAndSizes() {
        assertThatThrownBy(() -> Shard.stage(0, 5, 5, 1)).hasMessageContaining("layers [5, 5)");
        assertThatThrownBy(() -> Shard.experts(0, 3, 8, 8, 1)).hasMessageContaining("experts [8, 8)");
        assertThatThrownBy(() -> Shard.stage(0, 0, 1, 0)).hasMessageContaining("stage-0 has 0 bytes");
        assertThatThrownBy(() -> new Shard("x", ShardKind.STAGE, 0, 0, 1, 0, 4, 1)).hasMessageContaining("holds no routed experts");
    }

    @Test
    void nodeCapacityLeavesTheKvBudgetOutOfWeightMemory() {
        assertThat(new NodeCapacity(NODE, 11 * GIB, GIB).weightBytes()).isEqualTo(10 * GIB);
        assertThatThrownBy(() -> new NodeCapacity(NODE, 0, 0))
                .hasMessageContaining("node node-3 has 0 bytes of GPU memory").hasMessageContaining("11 GiB");
        assertThatThrownBy(() -> new NodeCapacity(NODE, 11 * GIB, 12 * GIB))
                .hasMessageContaining("a KV budget of 12.00 GiB leaves nothing of its 11.00 GiB").hasMessageContaining("lower the KV budget");
        assertThatThrownBy(() -> new NodeCapacity(NODE, 11 * GIB, -1)).hasMessageContaining("KV budget of -1 bytes");
    }

    @Test
    void replicasOfAShardSitOnDistinctNodes() {
        assertThatThrownBy(() -> new ShardPlacement(Shard.stage(0, 0, 1, 1), List.of("node-1", "node-1")))
                .hasMessageContaining("two replicas on one node [node-1, node-1]");
        assertThatThrownBy(() -> new ShardPlacement(Shard.stage(0, 0, 1, 1), List.of())).hasMessageContaining("no replica");
    }

    @Test
    void mapChecksReplicationAndAddsUpBytes() {
        ShardPlacement stage = new ShardPlacement(Shard.stage(0, 0, 2, 5), List.of("node-1", "node-2"));
        ShardPlacement experts = new ShardPlacement(Shard.experts(0, 1, 0, 4, 3), List.of("node-2", "node-3"));
        PlacementMap map = new PlacementMap(1, 2, List.of(stage, experts));
        assertThat(map.nodesUsed()).containsExactly("node-1", "node-2", "node-3");
        assertThat(map.bytesOn("node-2")).isEqualTo(8);
        assertThat(map.bytesOn("node-9")).isZero();
        assertThat(map.modelBytes()).isEqualTo(8);

        assertThatThrownBy(() -> new PlacementMap(0, 2, List.of(stage))).hasMessageContaining("versions start at 1");
        assertThatThrownBy(() -> new PlacementMap(1, 3, List.of(stage))).hasMessageContaining("stage-0 has 2 replicas; the placement's replication is 3");
        assertThatThrownBy(() -> new PlacementMap(1, 2, List.of(stage, stage))).hasMessageContaining("stage-0 appears twice");
    }
}
