package dev.hearth.controlplane.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.TensorPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlannerTest {
    private static final long GIB = 1L << 30;
    private final ModelConfig v3 = ModelPresets.deepSeekV3();

    @Test
    void deepSeekV3AtFp8SplitsIntoTwoStagesAndRouterGroupsOfExperts() {
        ShardPlanner planner = new ShardPlanner(v3, WeightFormat.fp8());
        List<Shard> shards = planner.plan(10 * GIB);

        // 671 B parameters at a byte each, plus block scales and the 16-bit embedding, head and routers
        assertThat(planner.modelBytes()).isBetween(673_000_000_000L, 673_500_000_000L);
        assertThat(shards.stream().mapToLong(Shard::bytes).sum()).isEqualTo(planner.modelBytes());
        List<Shard> stages = shards.stream().filter(s -> s.kind() == ShardKind.STAGE).toList();
        List<Shard> groups = shards.stream().filter(s -> s.kind() == ShardKind.EXPERTS).toList();
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0).firstLayer()).isZero();
        assertThat(stages.get(0).endLayer()).isEqualTo(stages.get(1).firstLayer());
        assertThat(stages.get(1).endLayer()).isEqualTo(61);
        assertThat(groups).as("58 MoE layers × the router's 8 groups").hasSize(58 * 8)
                .allSatisfy(g -> assertThat(g.endExpert() - g.firstExpert()).isEqualTo(32));
        // one routed expert: 3 × 2048 × 7168 bytes plus 3 × 16 × 56 float32 scales
        assertThat(groups.get(0).bytes()).isEqualTo(32L * (3L * 2048 * 7168 + 3L * 16 * 56 * 4));
        assertThat(shards).allSatisfy(s -> assertThat(s.bytes()).isLessThanOrEqualTo(10 * GIB));
        // the two stages are balanced: they differ by less than one layer's dense part (~0.6 GiB)
        assertThat(Math.abs(stages.get(0).bytes() - stages.get(1).bytes())).isLessThan(GIB * 6 / 10);
    }

    @Test
    void everyExpertOfEveryMoeLayerIsInExactlyOneGroupBesideItsStage() {
        List<Shard> shards = new ShardPlanner(v3, WeightFormat.fp8()).plan(4 * GIB);
        int[][] seen = new int[61][256];
        for (Shard s : shards.stream().filter(s -> s.kind() == ShardKind.EXPERTS).toList()) {
            Shard stage = shards.stream().filter(t -> t.kind() == ShardKind.STAGE && t.stage() == s.stage()).findFirst().orElseThrow();
            assertThat(s.firstLayer()).isBetween(stage.firstLayer(), stage.endLayer() - 1);
            for (int e = s.firstExpert(); e < s.endExpert(); e++) {
                seen[s.firstLayer()][e]++;
            }
        }
        for (int layer = 0; layer < 61; layer++) {
            for (int e = 0; e < 256; e++) {
                assertThat(seen[layer][e]).as("layer %d expert %d", layer, e).isEqualTo(layer < 3 ? 0 : 1);
            }
        }
        assertThat(shards.stream().filter(s -> s.kind() == ShardKind.STAGE).count()).as("18 GiB of dense weights in 4 GiB").isEqualTo(5);
    }

    @Test
    void groupsAreHalvedUntilOneFitsANode() {
        // experts four times as wide: a router group of 32 is 5.25 GiB, 16 of them 2.63 GiB
        ModelConfig wide = new ModelConfig(v3.architecture(), v3.vocabSize(), v3.hiddenSize(), v3.intermediateSize(),
                v3.numHiddenLayers(), v3.numAttentionHeads(), v3.rmsNormEps(), v3.ropeTheta(), v3.ropeScaling(),
                v3.maxPositionEmbeddings(), v3.tieWordEmbeddings(), v3.bosTokenId(), v3.eosTokenId(),
                4 * v3.moeIntermediateSize(), v3.firstKDenseReplace(), v3.nRoutedExperts(), v3.nSharedExperts(),
                v3.numExpertsPerTok(), v3.nGroup(), v3.topkGroup(), v3.routedScalingFactor(), v3.normTopkProb(),
                v3.qLoraRank(), v3.kvLoraRank(), v3.qkNopeHeadDim(), v3.qkRopeHeadDim(), v3.vHeadDim(), 0, 0);
        List<Shard> shards = new ShardPlanner(wide, WeightFormat.fp8()).plan(3 * GIB);
        assertThat(shards.stream().filter(s -> s.kind() == ShardKind.EXPERTS))
                .hasSize(58 * 16).allSatisfy(g -> assertThat(g.endExpert() - g.firstExpert()).isEqualTo(16));
    }

    @Test
    void bf16TakesTwoBytesPerParameter() {
        long params = new TensorPlan(v3).parameterCount();
        long bytes = new ShardPlanner(v3, WeightFormat.bf16()).modelBytes();
        // every tensor in 16 bits, but the routing bias in float32: 58 layers × 256 × 2 extra bytes
        assertThat(bytes).isEqualTo(2 * params + 58L * 256 * 2);
    }

    @Test
    void tinyPresetHasOneStageAndTheRoutersGroups() {
        ModelConfig tiny = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
        List<Shard> shards = new ShardPlanner(tiny, WeightFormat.bf16()).plan(GIB);
        assertThat(shards.get(0)).isEqualTo(Shard.stage(0, 0, 4, shards.get(0).bytes()));
        assertThat(shards).hasSize(1 + 3 * 4);
    }

    @Test
    void refusesWhatNoNodeCanHold() {
        ShardPlanner planner = new ShardPlanner(v3, WeightFormat.fp8());
        assertThatThrownBy(() -> planner.plan(40_000_000L)).isInstanceOf(PlacementException.class)
                .hasMessageContaining("one routed expert needs 0.041 GiB but a node holds 0.037 GiB");
        assertThatThrownBy(() -> planner.plan(GIB / 2)).isInstanceOf(PlacementException.class)
                .hasMessageContaining("layer 0's dense part with the embedding needs 2.27 GiB but a node holds 0.50 GiB");
        assertThatThrownBy(() -> planner.plan(0)).hasMessageContaining("weight memory is 0 bytes");
    }
}
