package dev.hearth.node.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TransformerTest {
    private final ModelConfig config = ModelConfig.tiny();
    private final Kernels kernels = new ScalarKernels();
    private final Transformer model = new Transformer(new WeightGenerator().generate(config, 42), kernels);

    @Test
    void sameSeedGivesSameWeightsAndLogits() {
        Transformer twin = new Transformer(new WeightGenerator().generate(config, 42), kernels);
        assertThat(model.forward(model.newState(), 65, 0)).containsExactly(twin.forward(twin.newState(), 65, 0));
        Transformer other = new Transformer(new WeightGenerator().generate(config, 43), kernels);
        assertThat(model.forward(model.newState(), 65, 0)).isNotEqualTo(other.forward(other.newState(), 65, 0));
    }

    @Test
    void logitsStayFiniteAndOfSaneScaleOverALongSequence() {
        Transformer.State s = model.newState();
        for (int pos = 0; pos < config.maxSeqLen(); pos++) {
            float[] logits = model.forward(s, pos % 256, pos);
            for (float l : logits) {
                assertThat(Float.isFinite(l)).isTrue();
                assertThat(Math.abs(l)).isLessThan(100f);
            }
        }
    }

    @Test
    void attentionIsCausalAndTheCacheMatchesARecomputation() {
        int[] a = {ByteTokenizer.BOS, 'h', 'e', 'y'};
        int[] b = {ByteTokenizer.BOS, 'h', 'e', 'x'};
        float[][] la = run(a);
        float[][] lb = run(b);
        for (int pos = 0; pos < 3; pos++) {
            assertThat(la[pos]).containsExactly(lb[pos]); // later tokens never change earlier outputs
        }
        assertThat(la[3]).isNotEqualTo(lb[3]);
        assertThat(run(a)[3]).containsExactly(la[3]); // fresh state, same result
    }

    @Test
    void firstPositionMatchesAHandWrittenSingleLayerForward() {
        ModelConfig one = new ModelConfig("one", ByteTokenizer.VOCAB_SIZE, 8, 16, 1, 2, 4, 10_000f, 1e-5f);
        ModelWeights w = new WeightGenerator().generate(one, 7);
        float[] logits = new Transformer(w, kernels).forward(new Transformer(w, kernels).newState(), 3, 0);
        // at position 0 attention over one key is the identity on v, and RoPE is the identity
        int d = 8;
        LayerWeights l = w.layers().get(0);
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = w.tokenEmbedding()[3 * d + i];
        }
        double[] h = norm(x, l.attnNorm());
        double[] v = mul(l.wv(), h, d, d);
        double[] o = mul(l.wo(), v, d, d);
        for (int i = 0; i < d; i++) {
            x[i] += o[i];
        }
        double[] h2 = norm(x, l.ffnNorm());
        double[] gate = mul(l.wGate(), h2, 16, d);
        double[] up = mul(l.wUp(), h2, 16, d);
        for (int i = 0; i < 16; i++) {
            gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
        }
        double[] down = mul(l.wDown(), gate, d, 16);
        for (int i = 0; i < d; i++) {
            x[i] += down[i];
        }
        double[] expected = mul(w.lmHead(), norm(x, w.finalNorm()), ByteTokenizer.VOCAB_SIZE, d);
        for (int t = 0; t < expected.length; t++) {
            assertThat((double) logits[t]).isCloseTo(expected[t], within(1e-4));
        }
    }

    @Test
    void rejectsTokensAndPositionsOutsideTheModel() {
        Transformer.State s = model.newState();
        assertThatThrownBy(() -> model.forward(s, config.vocabSize(), 0)).hasMessageContaining("vocabulary");
        assertThatThrownBy(() -> model.forward(s, 1, config.maxSeqLen())).hasMessageContaining("context");
    }

    @Test
    void weightsThatDoNotMatchTheConfigAreRefusedNamingTheTensor() {
        ModelWeights w = new WeightGenerator().generate(config, 1);
        LayerWeights l = w.layers().get(0);
        LayerWeights broken = new LayerWeights(l.attnNorm(), new float[3], l.wk(), l.wv(), l.wo(), l.ffnNorm(),
                l.wGate(), l.wUp(), l.wDown());
        assertThatThrownBy(() -> new ModelWeights(config, w.tokenEmbedding(), List.of(broken, w.layers().get(1)),
                w.finalNorm(), w.lmHead())).hasMessageContaining("layer 0 q_proj");
    }

    private float[][] run(int[] tokens) {
        Transformer.State s = model.newState();
        float[][] out = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = model.forward(s, tokens[i], i).clone();
        }
        return out;
    }

    private static double[] norm(double[] x, float[] weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + 1e-5);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * weight[i];
        }
        return out;
    }

    private static double[] mul(float[] w, double[] x, int rows, int cols) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r] += w[r * cols + c] * x[c];
            }
        }
        return out;
    }
}
