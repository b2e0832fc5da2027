package dev.hearth.node.model.reference;

import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.RopeScaling;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** Tiny configs and weight sets for the reference's own tests. */
final class TinyModels {
    private TinyModels() {
    }

    /** A mutable stand-in for config.json: set what a test cares about, then {@link #build()}. */
    static final class Config {
        Architecture architecture = Architecture.DEEPSEEK_V3;
        int vocabSize = 11;
        int hiddenSize = 8;
        int intermediateSize = 12;
        int numHiddenLayers = 2;
        int numAttentionHeads = 2;
        double rmsNormEps = 1e-6;
        double ropeTheta = 10000;
        RopeScaling ropeScaling;
        boolean tieWordEmbeddings;
        int moeIntermediateSize = 4;
        int firstKDenseReplace = 1;
        int nRoutedExperts = 8;
        int nSharedExperts = 1;
        int numExpertsPerTok = 2;
        int nGroup = 4;
        int topkGroup = 2;
        double routedScalingFactor = 2.5;
        boolean normTopkProb = true;
        int qLoraRank = 6;
        int kvLoraRank = 4;
        int qkNopeHeadDim = 4;
        int qkRopeHeadDim = 4;
        int vHeadDim = 3;
        int numKeyValueHeads;
        int headDim;

        static Config llama() {
            Config c = new Config();
            c.architecture = Architecture.LLAMA;
            c.numAttentionHeads = 4;
            c.numKeyValueHeads = 2;
            c.headDim = 2;
            c.moeIntermediateSize = 0;
            c.firstKDenseReplace = 0;
            c.nRoutedExperts = 0;
            c.nSharedExperts = 0;
            c.numExpertsPerTok = 0;
            c.nGroup = 0;
            c.topkGroup = 0;
            c.routedScalingFactor = 0;
            c.normTopkProb = false;
            c.qLoraRank = 0;
            c.kvLoraRank = 0;
            c.qkNopeHeadDim = 0;
            c.qkRopeHeadDim = 0;
            c.vHeadDim = 0;
            return c;
        }

        ModelConfig build() {
            return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, numHiddenLayers,
                    numAttentionHeads, rmsNormEps, ropeTheta, ropeScaling, 4096, tieWordEmbeddings, 0, 1,
                    moeIntermediateSize, firstKDenseReplace, nRoutedExperts, nSharedExperts, numExpertsPerTok,
                    nGroup, topkGroup, routedScalingFactor, normTopkProb, qLoraRank, kvLoraRank, qkNopeHeadDim,
                    qkRopeHeadDim, vHeadDim, numKeyValueHeads, headDim);
        }
    }

    /**
     * Every tensor a config names, filled with seeded values in [-0.5, 0.5) (norm weights around 1),
     * so tests of whole forward passes have something nontrivial to run on.
     */
    static Map<String, float[]> randomWeights(ModelConfig c, long seed) {
        Random rng = new Random(seed);
        Map<String, float[]> t = new HashMap<>();
        int hidden = c.hiddenSize();
        put(t, rng, "model.embed_tokens.weight", c.vocabSize() * hidden, false);
        put(t, rng, "model.norm.weight", hidden, true);
        if (!c.tieWordEmbeddings()) {
            put(t, rng, "lm_head.weight", c.vocabSize() * hidden, false);
        }
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "model.layers." + l + ".";
            put(t, rng, p + "input_layernorm.weight", hidden, true);
            put(t, rng, p + "post_attention_layernorm.weight", hidden, true);
            String a = p + "self_attn.";
            if (c.isDeepSeek()) {
                int heads = c.numAttentionHeads();
                if (c.qLoraRank() == 0) {
                    put(t, rng, a + "q_proj.weight", heads * c.qkHeadDim() * hidden, false);
                } else {
                    put(t, rng, a + "q_a_proj.weight", c.qLoraRank() * hidden, false);
                    put(t, rng, a + "q_a_layernorm.weight", c.qLoraRank(), true);
                    put(t, rng, a + "q_b_proj.weight", heads * c.qkHeadDim() * c.qLoraRank(), false);
                }
                put(t, rng, a + "kv_a_proj_with_mqa.weight", (c.kvLoraRank() + c.qkRopeHeadDim()) * hidden, false);
                put(t, rng, a + "kv_a_layernorm.weight", c.kvLoraRank(), true);
                put(t, rng, a + "kv_b_proj.weight", heads * (c.qkNopeHeadDim() + c.vHeadDim()) * c.kvLoraRank(), false);
                put(t, rng, a + "o_proj.weight", hidden * heads * c.vHeadDim(), false);
            } else {
                int hd = c.headDim();
                put(t, rng, a + "q_proj.weight", c.numAttentionHeads() * hd * hidden, false);
                put(t, rng, a + "k_proj.weight", c.numKeyValueHeads() * hd * hidden, false);
                put(t, rng, a + "v_proj.weight", c.numKeyValueHeads() * hd * hidden, false);
                put(t, rng, a + "o_proj.weight", hidden * c.numAttentionHeads() * hd, false);
            }
            String m = p + "mlp.";
            if (c.isMoeLayer(l)) {
                put(t, rng, m + "gate.weight", c.nRoutedExperts() * hidden, false);
                put(t, rng, m + "gate.e_score_correction_bias", c.nRoutedExperts(), false);
                for (int e = 0; e < c.nRoutedExperts(); e++) {
                    mlp(t, rng, m + "experts." + e + ".", c.moeIntermediateSize(), hidden);
                }
                if (c.nSharedExperts() > 0) {
                    mlp(t, rng, m + "shared_experts.", c.moeIntermediateSize() * c.nSharedExperts(), hidden);
                }
            } else {
                mlp(t, rng, m, c.intermediateSize(), hidden);
            }
        }
        return t;
    }

    /** Looks tensors up, failing the way a loader would when one is missing. */
    static java.util.function.Function<String, float[]> source(Map<String, float[]> tensors) {
        return name -> {
            float[] v = tensors.get(name);
            if (v == null) {
                throw new IllegalArgumentException("no tensor " + name);
            }
            return v;
        };
    }

    private static void mlp(Map<String, float[]> t, Random rng, String prefix, int inter, int hidden) {
        put(t, rng, prefix + "gate_proj.weight", inter * hidden, false);
        put(t, rng, prefix + "up_proj.weight", inter * hidden, false);
        put(t, rng, prefix + "down_proj.weight", hidden * inter, false);
    }

    private static void put(Map<String, float[]> t, Random rng, String name, int n, boolean norm) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (norm ? 1f : 0f) + (rng.nextFloat() - 0.5f);
        }
        t.put(name, v);
    }
}
