package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** A model split into stages computes bit for bit what the whole model computes on one node. */
class PipelineStageTest {
    private final ScalarKernels k = new ScalarKernels();

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void stagesChainedGiveTheWholeModelsLogitsExactly(Architecture arch) {
        ModelConfig c = ModelPresets.config(arch, "tiny");
        DecoderModel whole = DecoderModel.generated(c, 4, k, 64);
        GeneratedWeights source = new GeneratedWeights(c, 4);
        int layers = c.numHiddenLayers();
        // one layer per stage up to three stages, the rest on the last
        List<PipelineStage> stages = new ArrayList<>();
        int count = Math.min(3, layers);
        for (int i = 0; i < count; i++) {
            LayerRange range = new LayerRange(i, i == count - 1 ? layers : i + 1);
            stages.add(new PipelineStage(StageWeights.load(c, source, range), k, 64));
        }
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);

        Sequence single = whole.newSequence(32);
        List<Sequence> split = new ArrayList<>();
        for (PipelineStage s : stages) {
            split.add(s.newSequence(32));
        }
        int[][] steps = {{256, 10, 20, 30}, {41}, {42, 43}, {7}};
        for (int[] tokens : steps) {
            float[] expected = whole.step(List.of(new BatchEntry(single, tokens)))[0];
            float[] hidden = null;
            StageOutput out = null;
            for (int i = 0; i < stages.size(); i++) {
                out = stages.get(i).step(List.of(new BatchEntry(split.get(i), tokens)), hidden);
                hidden = out.hidden();
            }
            assertThat(out.isLogits()).isTrue();
            assertThat(out.logits()[0]).as("logits after %d tokens", single.length()).isEqualTo(expected);
        }
        assertThat(split).allSatisfy(s -> assertThat(s.length()).isEqualTo(single.length()));
    }

    @Test
    void aStageLoadsOnlyItsOwnTensorsAndKeepsCacheOnlyForItsLayers() {
        ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
        StageWeights middle = StageWeights.load(c, new GeneratedWeights(c, 4), new LayerRange(1, 3));
        assertThat(middle.embedding()).isNull();
        assertThat(middle.lmHead()).isNull();
        assertThat(middle.layers()).hasSize(2);
        ModelSequence s = (ModelSequence) new PipelineStage(middle, k, 64).newSequence(16);
        assertThat(s.cache[0]).isEmpty();
        assertThat(s.cache[1]).hasSize(16 * s.width);
        assertThat(s.cache[3]).isEmpty();
    }

    @Test
    void aMiddleStageRefusesHiddenStatesOfTheWrongShape() {
        ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
        PipelineStage middle = new PipelineStage(StageWeights.load(c, new GeneratedWeights(c, 4), new LayerRange(1, 3)), k, 64);
        Sequence s = middle.newSequence(16);
        assertThatThrownBy(() -> middle.step(List.of(new BatchEntry(s, new int[] {1, 2})), new float[c.hiddenSize()]))
                .hasMessageContaining("expects 2 × " + c.hiddenSize() + " hidden states");
        assertThat(s.length()).as("nothing advanced").isZero();
    }

    @Test
    void layerRangesParseAsOperatorsWriteThem() {
        ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
        assertThat(LayerRange.parse("0-1", c)).isEqualTo(new LayerRange(0, 2));
        assertThat(LayerRange.parse(" 2 - 3 ", c).toString()).isEqualTo("2-3");
        assertThatThrownBy(() -> LayerRange.parse("2-9", c)).hasMessageContaining("outside this model's layers 0-3");
        assertThatThrownBy(() -> LayerRange.parse("two", c)).hasMessageContaining("is not FROM-TO");
        assertThatThrownBy(() -> LayerRange.parse("3-1", c)).hasMessageContaining("outside");
    }
}
