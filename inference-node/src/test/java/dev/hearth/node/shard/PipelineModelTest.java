package dev.hearth.node.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.BatchEntry;
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
        return new PipelineModel(c, links, 128, 0, hosts.get(0).stage().routing());
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
    void aStageThatLostTheSequenceIsReportedAndARebuildFromZeroRecovers() {
        PipelineModel model = split(0, 2, 4);
        DecoderModel whole = DecoderModel.generated(c, 6, k, 128);
        Sequence s = model.newSequence(32);
        Sequence w = whole.newSequence(32);
        int[] prompt = {256, 5, 6, 7};
        model.prefill(s, prompt);
        whole.prefill(w, prompt);
        hosts.get(1).release(1); // the second stage forgets sequence 1, as a restarted node would
        assertThatThrownBy(() -> model.decode(s, 9)).isInstanceOf(StageUnavailableException.class)
                .hasMessageContaining("holds sequence 1 not at all").hasMessageContaining("rebuild it from position 0");
        assertThat(s.length()).as("a failed step advances nothing").isEqualTo(4);
        s.truncate(0);
        model.step(List.of(new BatchEntry(s, prompt)));
        assertThat(model.decode(s, 9)).isEqualTo(whole.decode(w, 9));
    }

    @Test
    void aPipelineWhoseStagesStopShortOfTheLastLayerSaysSo() {
        PipelineModel model = split(0, 2);
        assertThatThrownBy(() -> model.prefill(model.newSequence(8), new int[] {256}))
                .hasMessageContaining("returned no logits");
    }
}
