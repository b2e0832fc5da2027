package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DecoderModelTest {
    private static final int[] PROMPT = {256, 72, 101, 97, 114, 116, 104, 32, 105, 115, 32, 119, 97, 114, 109, 46};

    private static DecoderModel tiny(Architecture arch, int context) {
        ModelConfig c = ModelPresets.config(arch, "tiny");
        return new DecoderModel(ModelWeights.load(c, new GeneratedWeights(c, 7)), new ScalarKernels(), context);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void prefillOfAPromptAgreesWithTokenByTokenDecode(Architecture arch) {
        DecoderModel model = tiny(arch, 64);
        Sequence decoded = model.newSequence();
        float[] stepLogits = null;
        for (int token : PROMPT) {
            stepLogits = model.decode(decoded, token).clone();
        }
        Sequence prefilled = model.newSequence();
        float[] batchLogits = model.prefill(prefilled, PROMPT).clone();

        assertThat(prefilled.length()).isEqualTo(PROMPT.length).isEqualTo(decoded.length());
        assertClose(batchLogits, stepLogits, 1e-4);
        // and both continue identically from their caches
        assertClose(model.decode(prefilled, 33), model.decode(decoded, 33).clone(), 1e-4);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void reusingTheCacheAgreesWithRecomputingFromScratch(Architecture arch) {
        DecoderModel model = tiny(arch, 64);
        Sequence reused = model.newSequence();
        model.prefill(reused, java.util.Arrays.copyOf(PROMPT, 10));
        model.prefill(reused, java.util.Arrays.copyOfRange(PROMPT, 10, 15));
        float[] continued = model.decode(reused, PROMPT[15]).clone();

        float[] fresh = model.prefill(model.newSequence(), PROMPT).clone();
        assertClose(continued, fresh, 1e-4);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void activationsStaySaneThroughTheStack(Architecture arch) {
        DecoderModel model = tiny(arch, 64);
        float[] logits = model.prefill(model.newSequence(), PROMPT);
        double sumSquares = 0;
        for (float v : logits) {
            assertThat(Float.isFinite(v)).isTrue();
            sumSquares += v * v;
        }
        double rms = Math.sqrt(sumSquares / logits.length);
        assertThat(rms).as("logit RMS").isBetween(0.1, 10.0);
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void aSequenceRefusesToRunPastItsContext(Architecture arch) {
        DecoderModel model = tiny(arch, 8);
        Sequence s = model.newSequence();
        model.prefill(s, java.util.Arrays.copyOf(PROMPT, 8));
        assertThatThrownBy(() -> model.decode(s, 1)).isInstanceOf(ContextOverflowException.class)
                .hasMessageContaining("context of 8");
        assertThatThrownBy(() -> model.prefill(model.newSequence(), PROMPT)).isInstanceOf(ContextOverflowException.class);
        assertThatThrownBy(() -> model.decode(model.newSequence(), 258)).hasMessageContaining("vocabulary of 258");
    }

    static void assertClose(float[] actual, float[] expected, double relative) {
        assertThat(actual).hasSameSizeAs(expected);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i]).as("logit %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(relative * scale));
        }
    }
}
