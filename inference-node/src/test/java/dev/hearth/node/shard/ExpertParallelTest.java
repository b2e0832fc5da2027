package dev.hearth.node.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ExpertSelection;
import dev.hearth.node.model.ExpertSet;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.RemoteExperts;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.tokenizer.ByteTokenizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One MoE layer's routed experts spread over nodes give the tokens they give on one node. */
class ExpertParallelTest {
    private final ScalarKernels k = new ScalarKernels();
    private final ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final GeneratedWeights source = new GeneratedWeights(c, 6);

    @Test
    void expertsSplitOverThreeNodesGenerateTheSameTokensAsOneNode() {
        int experts = c.nRoutedExperts();
        // the stage keeps experts 0 mod 3; two peers hold 1 mod 3 and 2 mod 3
        ExpertSelection mine = (layer, e) -> e % 3 == 0;
        ExpertHost peerOne = new ExpertHost(ExpertSet.load(c, source, (layer, e) -> e % 3 == 1), k);
        ExpertHost peerTwo = new ExpertHost(ExpertSet.load(c, source, (layer, e) -> e % 3 == 2), k);
        // one object per peer, so ExpertPeers makes one call per peer and layer
        RemoteExperts one = peerOne::run;
        RemoteExperts two = peerTwo::run;
        Map<Integer, RemoteExperts[]> owners = new HashMap<>();
        int moeLayers = 0;
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            if (c.isMoeLayer(l)) {
                moeLayers++;
                RemoteExperts[] byExpert = new RemoteExperts[experts];
                for (int e = 0; e < experts; e++) {
                    byExpert[e] = e % 3 == 1 ? one : e % 3 == 2 ? two : null;
                }
                owners.put(l, byExpert);
            }
        }
        PipelineStage stage = new PipelineStage(StageWeights.load(c, source, LayerRange.all(c), mine), k, 128,
                new ExpertPeers(owners));
        StageHost host = new StageHost(stage);
        PipelineModel split = PipelineModel.of(c, List.of(new LocalStageLink("node-a", host)), 128, 0, stage.routing());

        Generator whole = new Generator("m", DecoderModel.generated(c, 6, k, 128), new ByteTokenizer(), k);
        Generator parallel = new Generator("m", split, new ByteTokenizer(), k);
        for (long seed : new long[] {1, 2, 3}) {
            SamplingParams params = new SamplingParams(0.8, 0.95, seed);
            assertThat(parallel.generate("experts everywhere", 24, params).text())
                    .isEqualTo(whole.generate("experts everywhere", 24, params).text());
        }
        int notMine = 0;
        for (int e = 0; e < experts; e++) {
            notMine += e % 3 == 0 ? 0 : 1;
        }
        assertThat(peerOne.experts().count() + peerTwo.experts().count()).isEqualTo(moeLayers * notMine);
        assertThat(stage.weights().layer(c.firstKDenseReplace()).moe().holds(1)).as("the stage does not load it").isFalse();
    }

    @Test
    void anExpertNobodyHoldsIsNamed() {
        ExpertPeers none = new ExpertPeers(Map.of());
        assertThatThrownBy(() -> none.run(1, new int[] {5}, List.of(new float[c.hiddenSize()]), new int[] {1}))
                .isInstanceOf(StageUnavailableException.class).hasMessageContaining("expert 5 of layer 1");
        ExpertHost peer = new ExpertHost(ExpertSet.load(c, source, (layer, e) -> e == 0), k);
        int moeLayer = c.firstKDenseReplace();
        assertThatThrownBy(() -> peer.run(moeLayer, new int[] {3}, List.of(new float[c.hiddenSize()]), new int[] {1}))
                .hasMessageContaining("expert 3 of layer " + moeLayer + " is not held here");
    }
}
