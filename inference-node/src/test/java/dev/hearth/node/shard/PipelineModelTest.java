package dev.hearth.node.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.tokenizer.ByteTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model split over stage hosts generates what the whole model generates, and frees what it used. */
class PipelineModelTest {
    private final ScalarKernels k = new ScalarKernels();
    private final ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final List<StageHost> hosts = new ArrayList<>();

    private PipelineModel split(int... bounds) {
        GeneratedWeights source = new GeneratedWeights(c, 6);
        List<StageLink> links = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.length; i++) {
            StageHost host = new StageHost(new PipelineStage(StageWeights.load(c, source,
                    new LayerRange(bounds[i], bounds[i + 1])), k, 128));
            hosts.add(host);
            links.add(new LocalStageLink("node-" + i, host));
        }
        return PipelineModel.of(c, links, 128, 0, hosts.get(0).stage().routing());
    }

    @Test
    void threeStagesGenerateTheSameTokensAsOneNode() {
        Generator whole = new Generator("m", DecoderModel.generated(c, 6, k, 128), new ByteTokenizer(), k);
        Generator piped = new Generator("m", split(0, 1, 3, 4), new ByteTokenizer(), k);
        for (long seed : new long[] {1, 2, 3}) {
            SamplingParams params = new SamplingParams(0.8, 0.95, seed);
            assertThat(piped.generate("the fleet hums", 24, params).text())
                    .isEqualTo(whole.generate("the fleet hums", 24, params).text());
        }
        assertThat(hosts).allSatisfy(h -> assertThat(h.sequences()).as("released after each generation").isZero());
    }

    @Test
    void aStageThatLostItsSequencesGetsThemReplayedAndTheOutputGoesOnUnchanged() {
        PipelineModel model = split(0, 2, 4);
        DecoderModel whole = DecoderModel.generated(c, 6, k, 128);
        Sequence s = model.newSequence(32);
        Sequence w = whole.newSequence(32);
        int[] prompt = {256, 5, 6, 7};
        assertThat(model.prefill(s, prompt)).isEqualTo(whole.prefill(w, prompt));
        assertThat(model.decode(s, 9)).isEqualTo(whole.decode(w, 9));
        hosts.get(1).clear(); // the second stage forgets its sequences, as a restarted node would
        assertThat(model.decode(s, 10)).as("rebuilt from its steps, then decoded").isEqualTo(whole.decode(w, 10));
        assertThat(s.length()).isEqualTo(6);
        s.truncate(5);
        w.truncate(5);
        hosts.get(1).clear();
        assertThat(model.decode(s, 11)).as("a rewound sequence rebuilds only what it kept").isEqualTo(whole.decode(w, 11));
    }

    @Test
    void aStageWhoseNodeIsDownMovesToItsReplica() {
        GeneratedWeights source = new GeneratedWeights(c, 6);
        StageHost first = new StageHost(new PipelineStage(StageWeights.load(c, source, new LayerRange(0, 2)), k, 128));
        StageHost second = new StageHost(new PipelineStage(StageWeights.load(c, source, new LayerRange(2, 4)), k, 128));
        StageHost replica = new StageHost(new PipelineStage(StageWeights.load(c, source, new LayerRange(2, 4)), k, 128));
        boolean[] down = {false};
        StageLink flaky = new LocalStageLink("node-b", second);
        StageLink failing = new StageLink() {
            @Override
            public dev.hearth.node.model.StageOutput step(List<StageRequest> requests, float[] hidden) {
                if (down[0]) {
                    throw new StageUnavailableException(StageUnavailableException.Reason.UNREACHABLE, "node-b: refused");
                }
                return flaky.step(requests, hidden);
            }

            @Override
            public void release(long sequence) {
                flaky.release(sequence);
            }

            @Override
            public String describe() {
                return "node-b (layers 2-3, a test double that can be switched off)";
            }
        };
        PipelineModel model = new PipelineModel(c, List.of(StageReplicas.of(new LocalStageLink("node-a", first)),
                StageReplicas.of(failing, new LocalStageLink("node-c", replica))), 128, 0, first.stage().routing());
        DecoderModel whole = DecoderModel.generated(c, 6, k, 128);
        Sequence s = model.newSequence(32);
        Sequence w = whole.newSequence(32);
        model.prefill(s, new int[] {256, 1, 2});
        whole.prefill(w, new int[] {256, 1, 2});
        model.decode(s, 3);
        whole.decode(w, 3);
        down[0] = true;
        assertThat(model.decode(s, 4)).isEqualTo(whole.decode(w, 4));
        assertThat(model.stages().get(1).describe()).startsWith("node-c");
        assertThat(replica.sequences()).isEqualTo(1);
        down[0] = false; // a node that comes back is not used again mid-request
        assertThat(model.decode(s, 5)).isEqualTo(whole.decode(w, 5));
        assertThat(replica.sequences()).isEqualTo(1);
    }

    @Test
    void aPipelineWhoseStagesStopShortOfTheLastLayerSaysSo() {
        PipelineModel model = split(0, 2);
        assertThatThrownBy(() -> model.prefill(model.newSequence(8), new int[] {256}))
                .hasMessageContaining("returned no logits");
    }
}
