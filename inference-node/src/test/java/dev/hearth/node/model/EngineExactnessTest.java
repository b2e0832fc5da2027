package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.engine.VectorKernels;
import dev.hearth.node.model.reference.ReferenceModel;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine (float32, optimised kernels, absorbed MLA decode, batched prefill) against the float64
 * reference (plain transcription of the published modelling code) on the same F32 weights: every
 * position's logits within 1e-4 relative to the largest logit.
 */
class EngineExactnessTest {
    static final double F32_TOLERANCE = 1e-4;
    private static final int[] TOKENS = {256, 87, 97, 114, 109, 32, 104, 101, 97, 114, 116, 104, 115, 33, 10, 200,
            3, 150, 77, 12, 255, 0, 64, 65};

    static Stream<Arguments> models() {
        ModelConfig tiny = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
        return Stream.of(
                Arguments.of("deepseek-v3 tiny (YaRN, q_lora, shared expert)", tiny),
                Arguments.of("deepseek-v3 without q_lora, YaRN or shared expert, tied, unnormalised top-k",
                        variant(tiny)),
                Arguments.of("llama tiny (GQA)", ModelPresets.config(Architecture.LLAMA, "tiny")));
    }

    /** Flips every optional branch of the DeepSeek-V3 tiny preset. */
    static ModelConfig variant(ModelConfig c) {
        return new ModelConfig(c.architecture(), c.vocabSize(), c.hiddenSize(), c.intermediateSize(),
                c.numHiddenLayers(), c.numAttentionHeads(), 1e-5, 50_000, null, c.maxPositionEmbeddings(), true,
                c.bosTokenId(), c.eosTokenId(), c.moeIntermediateSize(), 2, 8, 0, 3, 2, 1, 1.5, false, 0,
                c.kvLoraRank(), c.qkNopeHeadDim(), c.qkRopeHeadDim(), c.vHeadDim(), 0, 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void decodeMatchesTheFloat64ReferenceAtEveryPosition(String name, ModelConfig config) {
        assertMatchesReference(config, new ScalarKernels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theVectorBackendMatchesTheReferenceToo(String name, ModelConfig config) {
        try (VectorKernels kernels = new VectorKernels(2)) {
            assertMatchesReference(config, kernels);
        }
    }

    static void assertMatchesReference(ModelConfig config, Kernels kernels) {
        GeneratedWeights weights = new GeneratedWeights(config, 11);
        double[][] expected = new ReferenceModel(config, weights::values).logits(TOKENS);
        DecoderModel model = new DecoderModel(ModelWeights.load(config, weights), kernels, 64);

        Sequence decoded = model.newSequence();
        for (int pos = 0; pos < TOKENS.length; pos++) {
            float[] logits = model.decode(decoded, TOKENS[pos]);
            assertThat(relativeError(logits, expected[pos])).as("decode, position %d", pos).isLessThan(F32_TOLERANCE);
        }
        float[] prefilled = model.prefill(model.newSequence(), TOKENS);
        assertThat(relativeError(prefilled, expected[TOKENS.length - 1])).as("prefill").isLessThan(F32_TOLERANCE);
    }

    /** Largest absolute difference over the largest reference magnitude. */
    static double relativeError(float[] actual, double[] expected) {
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return diff / scale;
    }
}
