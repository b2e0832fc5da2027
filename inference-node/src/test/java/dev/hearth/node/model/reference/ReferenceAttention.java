package dev.hearth.node.model.reference;

import dev.hearth.node.model.ModelConfig;

/**
 * Causal self-attention over a whole sequence, recomputed from scratch: every query attends to the
 * keys at positions {@code 0..t} (the HF causal mask adds the dtype minimum to the others, which
 * gives them zero weight; here they are simply not visited). Positions are {@code 0..seq-1}.
 */
final class ReferenceAttention {
    /**
     * Eps of {@code q_a_layernorm} and {@code kv_a_layernorm}. HF builds them as
     * {@code DeepseekV3RMSNorm(rank)}, taking the default eps 1e-6 rather than {@code rms_norm_eps}
     * (DeepSeek's own code does the same with {@code RMSNorm(rank)}).
     */
    static final double LATENT_NORM_EPS = 1e-6;

    private ReferenceAttention() {
    }

    /**
     * {@code DeepseekV3Attention.__init__}: {@code q_head_dim^-0.5}, times {@code mscale^2} with
     * {@code mscale = yarn_get_mscale(factor, mscale_all_dim)} when rope_scaling is present and its
     * mscale_all_dim is nonzero.
     */
    static double deepSeekSoftmaxScale(ModelConfig c) {
        double scale = Math.pow(c.qkHeadDim(), -0.5);
        if (c.ropeScaling() != null && c.ropeScaling().mscaleAllDim() != 0) {
            double m = ReferenceRotary.yarnGetMscale(c.ropeScaling().factor(), c.ropeScaling().mscaleAllDim());
            scale = scale * m * m;
        }
        return scale;
    }

    /**
     * {@code DeepseekV3Attention.forward} (eager path) for layer {@code layer} over the normed hidden
     * states {@code x[position][hidden]}; returns {@code o_proj} output per position.
     */
    static double[][] deepSeek(ModelConfig c, ReferenceWeights w, int layer, ReferenceRotary rotary, double[][] x) {
        String p = "model.layers." + layer + ".self_attn.";
        int seq = x.length;
        int hidden = c.hiddenSize();
        int heads = c.numAttentionHeads();
        int nope = c.qkNopeHeadDim();
        int rope = c.qkRopeHeadDim();
        int qHead = c.qkHeadDim();
        int vHead = c.vHeadDim();
        int kvRank = c.kvLoraRank();

        // Per position: per head query (nope part, rotated rope part), per head key nope part and value,
        // and the one rotary key all heads share (MQA-style k_pe).
        double[][][] qNope = new double[seq][heads][];
        double[][][] qPe = new double[seq][heads][];
        double[][][] kNope = new double[seq][heads][];
        double[][][] value = new double[seq][heads][];
        double[][] kPe = new double[seq][];

        for (int t = 0; t < seq; t++) {
            double[] q;
            if (c.qLoraRank() == 0) {
                q = ReferenceMath.matVec(w.matrix(p + "q_proj.weight", heads * qHead, hidden), heads * qHead, hidden, x[t]);
            } else {
                int r = c.qLoraRank();
                double[] qa = ReferenceMath.matVec(w.matrix(p + "q_a_proj.weight", r, hidden), r, hidden, x[t]);
                double[] qaNorm = ReferenceMath.rmsNorm(qa, w.vector(p + "q_a_layernorm.weight", r), LATENT_NORM_EPS);
                q = ReferenceMath.matVec(w.matrix(p + "q_b_proj.weight", heads * qHead, r), heads * qHead, r, qaNorm);
            }
            // q.view(heads, q_head_dim), split into [nope, rope]
            for (int h = 0; h < heads; h++) {
                qNope[t][h] = slice(q, h * qHead, nope);
                qPe[t][h] = rotary.applyDeepSeek(slice(q, h * qHead + nope, rope), t);
            }

            // compressed_kv, k_pe = split(kv_a_proj_with_mqa(x), [kv_lora_rank, qk_rope_head_dim]):
            // k_pe is taken raw, kv_a_layernorm applies to the latent part only
            double[] ckv = ReferenceMath.matVec(w.matrix(p + "kv_a_proj_with_mqa.weight", kvRank + rope, hidden),
                    kvRank + rope, hidden, x[t]);
            double[] latent = slice(ckv, 0, kvRank);
            kPe[t] = rotary.applyDeepSeek(slice(ckv, kvRank, rope), t);
            double[] latentNorm = ReferenceMath.rmsNorm(latent, w.vector(p + "kv_a_layernorm.weight", kvRank),
                    LATENT_NORM_EPS);
            double[] kv = ReferenceMath.matVec(w.matrix(p + "kv_b_proj.weight", heads * (nope + vHead), kvRank),
                    heads * (nope + vHead), kvRank, latentNorm);
            // kv.view(heads, nope + v_head_dim), split into [k_nope, value]
            for (int h = 0; h < heads; h++) {
                kNope[t][h] = slice(kv, h * (nope + vHead), nope);
                value[t][h] = slice(kv, h * (nope + vHead) + nope, vHead);
            }
        }

        double scale = deepSeekSoftmaxScale(c);
        float[] oProj = w.matrix(p + "o_proj.weight", hidden, heads * vHead);
        double[][] out = new double[seq][];
        for (int t = 0; t < seq; t++) {
            double[] concat = new double[heads * vHead];
            for (int h = 0; h < heads; h++) {
                // query_states = cat(q_nope, q_pe), key_states = cat(k_nope, k_pe): the dot product is
                // the sum of the two parts' dot products
                double[] scores = new double[t + 1];
                for (int s = 0; s <= t; s++) {
                    double dot = ReferenceMath.dot(qNope[t][h], 0, kNope[s][h], 0, nope)
                            + ReferenceMath.dot(qPe[t][h], 0, kPe[s], 0, rope);
                    scores[s] = dot * scale;
                }
                ReferenceMath.softmaxInPlace(scores);
                for (int s = 0; s <= t; s++) {
                    for (int d = 0; d < vHead; d++) {
                        concat[h * vHead + d] += scores[s] * value[s][h][d];
                    }
                }
            }
            out[t] = ReferenceMath.matVec(oProj, hidden, heads * vHead, concat);
        }
        return out;
    }

    /**
     * {@code LlamaAttention.forward} with {@code eager_attention_forward}: grouped-query attention where
     * {@code repeat_kv} makes query head {@code h} use key/value head {@code h / (heads / kv_heads)},
     * scaling {@code head_dim^-0.5}, rope with {@code rotate_half} on both queries and keys.
     */
    static double[][] llama(ModelConfig c, ReferenceWeights w, int layer, ReferenceRotary rotary, double[][] x) {
        String p = "model.layers." + layer + ".self_attn.";
        int seq = x.length;
        int hidden = c.hiddenSize();
        int heads = c.numAttentionHeads();
        int kvHeads = c.numKeyValueHeads();
        int hd = c.headDim();
        if (kvHeads <= 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + heads + " not a multiple of num_key_value_heads "
                    + kvHeads);
        }
        int groups = heads / kvHeads; // num_key_value_groups, the repeat_kv factor

        float[] qW = w.matrix(p + "q_proj.weight", heads * hd, hidden);
        float[] kW = w.matrix(p + "k_proj.weight", kvHeads * hd, hidden);
        float[] vW = w.matrix(p + "v_proj.weight", kvHeads * hd, hidden);
        double[][][] q = new double[seq][heads][];
        double[][][] k = new double[seq][kvHeads][];
        double[][][] v = new double[seq][kvHeads][];
        for (int t = 0; t < seq; t++) {
            double[] qa = ReferenceMath.matVec(qW, heads * hd, hidden, x[t]);
            double[] ka = ReferenceMath.matVec(kW, kvHeads * hd, hidden, x[t]);
            double[] va = ReferenceMath.matVec(vW, kvHeads * hd, hidden, x[t]);
            for (int h = 0; h < heads; h++) {
                q[t][h] = rotary.applyHalves(slice(qa, h * hd, hd), t);
            }
            for (int g = 0; g < kvHeads; g++) {
                k[t][g] = rotary.applyHalves(slice(ka, g * hd, hd), t);
                v[t][g] = slice(va, g * hd, hd);
            }
        }

        double scale = Math.pow(hd, -0.5);
        float[] oProj = w.matrix(p + "o_proj.weight", hidden, heads * hd);
        double[][] out = new double[seq][];
        for (int t = 0; t < seq; t++) {
            double[] concat = new double[heads * hd];
            for (int h = 0; h < heads; h++) {
                int g = h / groups;
                double[] scores = new double[t + 1];
                for (int s = 0; s <= t; s++) {
                    scores[s] = ReferenceMath.dot(q[t][h], 0, k[s][g], 0, hd) * scale;
                }
                ReferenceMath.softmaxInPlace(scores);
                for (int s = 0; s <= t; s++) {
                    for (int d = 0; d < hd; d++) {
                        concat[h * hd + d] += scores[s] * v[s][g][d];
                    }
                }
            }
            out[t] = ReferenceMath.matVec(oProj, hidden, heads * hd, concat);
        }
        return out;
    }

    private static double[] slice(double[] a, int from, int length) {
        double[] s = new double[length];
        System.arraycopy(a, from, s, 0, length);
        return s;
    }
}
