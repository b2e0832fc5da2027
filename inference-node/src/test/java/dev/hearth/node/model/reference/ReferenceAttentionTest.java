package dev.hearth.node.model.reference;

import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.RopeScaling;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReferenceAttentionTest {
    private static final String A = "model.layers.0.self_attn.";

    @Test
    void aSinglePositionAttendsOnlyToItselfSoTheOutputIsTheProjectedValue() {
        TinyModels.Config tc = new TinyModels.Config();
        tc.rmsNormEps = 0.01; // the latent norm must keep HF's fixed 1e-6, not take rms_norm_eps
        ModelConfig c = tc.build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 3);
        double[] x = {0.3, -1.2, 0.5, 0.9, -0.4, 0.1, 2.0, -0.7};

        double[] out = ReferenceAttention.deepSeek(c, new ReferenceWeights(TinyModels.source(t)), 0,
                ReferenceRotary.of(c.qkRopeHeadDim(), c.ropeTheta(), null), new double[][]{x})[0];

        // softmax over one key is 1, so each head's output is its value: queries, keys and rope drop out.
        // value = kv_b_proj . kv_a_layernorm(first kv_lora_rank lanes of kv_a_proj_with_mqa . x)
        int rank = c.kvLoraRank();
        double[] ckv = matVec(t.get(A + "kv_a_proj_with_mqa.weight"), rank + c.qkRopeHeadDim(), x);
        double ms = 0;
        for (int i = 0; i < rank; i++) {
            ms += ckv[i] * ckv[i] / rank;
        }
        double[] latent = new double[rank];
        for (int i = 0; i < rank; i++) {
            latent[i] = ckv[i] / Math.sqrt(ms + 1e-6) * t.get(A + "kv_a_layernorm.weight")[i];
        }
        int perHead = c.qkNopeHeadDim() + c.vHeadDim();
        double[] kv = matVec(t.get(A + "kv_b_proj.weight"), c.numAttentionHeads() * perHead, latent);
        double[] values = new double[c.numAttentionHeads() * c.vHeadDim()];
        for (int h = 0; h < c.numAttentionHeads(); h++) {
            for (int d = 0; d < c.vHeadDim(); d++) {
                values[h * c.vHeadDim() + d] = kv[h * perHead + c.qkNopeHeadDim() + d];
            }
        }
        double[] expected = matVec(t.get(A + "o_proj.weight"), c.hiddenSize(), values);
        for (int i = 0; i < expected.length; i++) {
            assertThat(out[i]).isCloseTo(expected[i], within(1e-12));
        }
    }

    /**
     * One head, q_proj directly, kv_lora_rank 2, nope 2, rope 2 (rope weights zero), v 2, o_proj the
     * identity, inputs x0 = (1, 0) and x1 = (0, 1). The latent is x scaled by the norm to (c, 0) and
     * (0, c) with c = sqrt(0.5) / sqrt(0.5 + 1e-6); keys and values equal the latent. The query at
     * position 1 is (0, B), so its scores are 0 and B c, times 4^-0.5. With B = 2 ln 9 the weights
     * are 1/10 and 9/10 (up to c), and the output is (0.1 c, 0.9 c).
     */
    @Test
    void twoPositionsWithHandChosenWeightsGiveTheExpectedAttentionWeights() {
        TinyModels.Config tc = mlaOneHead();
        ModelConfig c = tc.build();
        float b = (float) (2 * Math.log(9));
        Map<String, float[]> t = new HashMap<>();
        t.put(A + "q_proj.weight", new float[]{0, 0, 0, b, 0, 0, 0, 0}); // q_nope = (0, B x[1]), q_pe = 0
        t.put(A + "kv_a_proj_with_mqa.weight", new float[]{1, 0, 0, 1, 0, 0, 0, 0}); // latent = x, k_pe = 0
        float r = (float) Math.sqrt(0.5);
        t.put(A + "kv_a_layernorm.weight", new float[]{r, r});
        t.put(A + "kv_b_proj.weight", new float[]{1, 0, 0, 1, 1, 0, 0, 1}); // k_nope = value = latent
        t.put(A + "o_proj.weight", new float[]{1, 0, 0, 1});

        double[][] out = ReferenceAttention.deepSeek(c, new ReferenceWeights(TinyModels.source(t)), 0,
                ReferenceRotary.plain(2, 10000), new double[][]{{1, 0}, {0, 1}});

        double cc = r / Math.sqrt(0.5 + 1e-6);
        double p1 = 1 / (1 + Math.exp(-0.5 * b * cc));
        assertThat(out[0][0]).isCloseTo(cc, within(1e-12)); // position 0 sees only itself
        assertThat(out[0][1]).isCloseTo(0, within(1e-12));
        assertThat(out[1][0]).isCloseTo((1 - p1) * cc, within(1e-12));
        assertThat(out[1][1]).isCloseTo(p1 * cc, within(1e-12));
        assertThat(out[1][0]).isCloseTo(0.1, within(1e-5));
        assertThat(out[1][1]).isCloseTo(0.9, within(1e-5));
    }

    /**
     * Only the rope parts score: q_pe and k_pe are (1, 0) at both positions, rotated by the position
     * (rope dim 2, inv_freq 1). From position 1 the score to key 0 is cos(1 - 0) and to key 1 is
     * cos(0) = 1, each times 4^-0.5. Values differ: x0 = (1, 0), x1 = (1, 1) give latents (0, 1) and
     * (1, 1), normed to (0, 1/sqrt(0.5 + eps)) and (1, 1)/sqrt(1 + eps).
     */
    @Test
    void theSharedRotaryKeyScoresByRelativePosition() {
        TinyModels.Config tc = mlaOneHead();
        ModelConfig c = tc.build();
        Map<String, float[]> t = new HashMap<>();
        t.put(A + "q_proj.weight", new float[]{0, 0, 0, 0, 1, 0, 0, 0}); // q_nope = 0, q_pe = (x[0], 0)
        t.put(A + "kv_a_proj_with_mqa.weight", new float[]{0, 1, 1, 0, 1, 0, 0, 0}); // latent = (x1, x0), k_pe = (x0, 0)
        t.put(A + "kv_a_layernorm.weight", new float[]{1, 1});
        t.put(A + "kv_b_proj.weight", new float[]{0, 0, 0, 0, 1, 0, 0, 1}); // k_nope = 0, value = latent
        t.put(A + "o_proj.weight", new float[]{1, 0, 0, 1});

        double[][] out = ReferenceAttention.deepSeek(c, new ReferenceWeights(TinyModels.source(t)), 0,
                ReferenceRotary.plain(2, 10000), new double[][]{{1, 0}, {1, 1}});

        double[] p = {0.5 * Math.cos(1), 0.5};
        ReferenceMath.softmaxInPlace(p);
        double[] v0 = {0, 1 / Math.sqrt(0.5 + 1e-6)};
        double[] v1 = {1 / Math.sqrt(1 + 1e-6), 1 / Math.sqrt(1 + 1e-6)};
        assertThat(out[1][0]).isCloseTo(p[0] * v0[0] + p[1] * v1[0], within(1e-12));
        assertThat(out[1][1]).isCloseTo(p[0] * v0[1] + p[1] * v1[1], within(1e-12));
    }

    @Test
    void softmaxScaleIsTheInverseRootOfTheHeadTimesMscaleSquared() {
        TinyModels.Config tc = new TinyModels.Config(); // qk head 4 + 4 = 8
        assertThat(ReferenceAttention.deepSeekSoftmaxScale(tc.build())).isCloseTo(Math.pow(8, -0.5), within(1e-15));
        // factor 4, mscale_all_dim 0.5: yarn_get_mscale = 0.05 ln 4 + 1 = 1.0693147
        tc.ropeScaling = new RopeScaling(4, 64, 32, 1, 1.0, 0.5);
        assertThat(ReferenceAttention.deepSeekSoftmaxScale(tc.build()))
                .isCloseTo(Math.pow(8, -0.5) * 1.0693147181 * 1.0693147181, within(1e-10));
        // mscale_all_dim 0 leaves the scale alone even with YaRN
        tc.ropeScaling = new RopeScaling(4, 64, 32, 1, 1.0, 0);
        assertThat(ReferenceAttention.deepSeekSoftmaxScale(tc.build())).isCloseTo(Math.pow(8, -0.5), within(1e-15));
    }

    /**
     * Four query heads over two KV heads: repeat_kv gives heads 0 and 1 KV head 0, heads 2 and 3 KV
     * head 1. At one position each head outputs its value, so with o_proj the identity the output
     * reads the mapping off directly.
     */
    @Test
    void llamaQueryHeadsShareKeyValueHeadsInConsecutiveGroups() {
        TinyModels.Config tc = TinyModels.Config.llama(); // hidden 8, heads 4, kv heads 2, head dim 2
        ModelConfig c = tc.build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 5);
        float[] v = new float[4 * 8];
        for (int row = 0; row < 4; row++) {
            v[row * 8] = row + 1; // value of kv head 0 = (1, 2) x[0], of kv head 1 = (3, 4) x[0]
        }
        t.put(A + "v_proj.weight", v);
        t.put(A + "o_proj.weight", identity(8));

        double[] out = ReferenceAttention.llama(c, new ReferenceWeights(TinyModels.source(t)), 0,
                ReferenceRotary.plain(2, 10000), new double[][]{{1, 0, 0, 0, 0, 0, 0, 0}})[0];

        assertThat(out).containsExactly(1, 2, 1, 2, 3, 4, 3, 4);
    }

    /** Llama's rope: q = k = (1, 0) rotated by the position; scores cos(1) and 1, times 2^-0.5. */
    @Test
    void llamaTwoPositionsScoreByRelativePosition() {
        TinyModels.Config tc = TinyModels.Config.llama();
        tc.hiddenSize = 2;
        tc.numAttentionHeads = 1;
        tc.numKeyValueHeads = 1;
        tc.headDim = 2;
        ModelConfig c = tc.build();
        Map<String, float[]> t = new HashMap<>();
        t.put(A + "q_proj.weight", new float[]{1, 0, 0, 0});
        t.put(A + "k_proj.weight", new float[]{1, 0, 0, 0});
        t.put(A + "v_proj.weight", new float[]{0, 1, 1, 0}); // value = (x1, x0)
        t.put(A + "o_proj.weight", identity(2));

        double[][] out = ReferenceAttention.llama(c, new ReferenceWeights(TinyModels.source(t)), 0,
                ReferenceRotary.plain(2, 10000), new double[][]{{1, 0}, {1, 1}});

        double[] p = {Math.cos(1) / Math.sqrt(2), 1 / Math.sqrt(2)};
        ReferenceMath.softmaxInPlace(p);
        assertThat(out[0]).containsExactly(0, 1);
        assertThat(out[1][0]).isCloseTo(p[1], within(1e-12)); // values (0, 1) and (1, 1)
        assertThat(out[1][1]).isCloseTo(1, within(1e-12));
    }

    @Test
    void laterPositionsDoNotChangeEarlierOutputs() {
        ModelConfig c = new TinyModels.Config().build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 9);
        Random rng = new Random(1);
        double[][] x = new double[4][8];
        for (double[] row : x) {
            for (int i = 0; i < 8; i++) {
                row[i] = rng.nextGaussian();
            }
        }
        ReferenceRotary rot = ReferenceRotary.of(c.qkRopeHeadDim(), c.ropeTheta(), null);
        double[][] full = ReferenceAttention.deepSeek(c, new ReferenceWeights(TinyModels.source(t)), 0, rot, x);
        double[][] prefix = ReferenceAttention.deepSeek(c, new ReferenceWeights(TinyModels.source(t)), 0, rot,
                new double[][]{x[0], x[1]});
        assertThat(full[0]).containsExactly(prefix[0]);
        assertThat(full[1]).containsExactly(prefix[1]);
    }

    private static TinyModels.Config mlaOneHead() {
        TinyModels.Config tc = new TinyModels.Config();
        tc.hiddenSize = 2;
        tc.numAttentionHeads = 1;
        tc.qLoraRank = 0;
        tc.kvLoraRank = 2;
        tc.qkNopeHeadDim = 2;
        tc.qkRopeHeadDim = 2;
        tc.vHeadDim = 2;
        return tc;
    }

    private static float[] identity(int n) {
        float[] m = new float[n * n];
        for (int i = 0; i < n; i++) {
            m[i * n + i] = 1;
        }
        return m;
    }

    private static double[] matVec(float[] w, int rows, double[] x) {
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < x.length; c++) {
                y[r] += w[r * x.length + c] * x[c];
            }
        }
        return y;
    }
}
