package dev.hearth.node.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Every tensor a checkpoint of a config holds, in Hugging Face names and order, with the spread a
 * generated checkpoint uses: projections uniform with standard deviation {@code 1/sqrt(fan_in)}, and
 * the projections that write into the residual stream ({@code o_proj}, {@code down_proj}) scaled down
 * by {@code sqrt(2 * layers)} so activations stay near unit size through the whole stack.
 */
public final class TensorPlan {
    private final ModelConfig c;
    private final List<TensorSpec> specs = new ArrayList<>();
    private final double residualScale;

    public TensorPlan(ModelConfig config) {
        this.c = config;
        this.residualScale = 1 / Math.sqrt(2.0 * config.numHiddenLayers());
        build();
    }

    public List<TensorSpec> tensors() {
        return List.copyOf(specs);
    }

    public long parameterCount() {
        return specs.stream().mapToLong(TensorSpec::elements).sum();
    }

    private void build() {
        int hidden = c.hiddenSize();
        add("model.embed_tokens.weight", c.vocabSize(), hidden, TensorSpec.Kind.WIDE, 1.0);
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            String p = "model.layers." + l + ".";
            norm(p + "input_layernorm.weight", hidden);
            if (c.isDeepSeek()) {
                mla(p + "self_attn.");
            } else {
                gqa(p + "self_attn.");
            }
            norm(p + "post_attention_layernorm.weight", hidden);
            if (c.isMoeLayer(l)) {
                moe(p + "mlp.");
            } else {
                mlp(p + "mlp.", c.intermediateSize());
            }
        }
        norm("model.norm.weight", hidden);
        if (!c.tieWordEmbeddings()) {
            add("lm_head.weight", c.vocabSize(), hidden, TensorSpec.Kind.WIDE, 1 / Math.sqrt(hidden));
        }
    }

    private void mla(String p) {
        int hidden = c.hiddenSize();
        int h = c.numAttentionHeads();
        if (c.qLoraRank() > 0) {
            linear(p + "q_a_proj.weight", c.qLoraRank(), hidden, 1);
            norm(p + "q_a_layernorm.weight", c.qLoraRank());
            linear(p + "q_b_proj.weight", h * c.qkHeadDim(), c.qLoraRank(), 1);
        } else {
            linear(p + "q_proj.weight", h * c.qkHeadDim(), hidden, 1);
        }
        linear(p + "kv_a_proj_with_mqa.weight", c.kvLoraRank() + c.qkRopeHeadDim(), hidden, 1);
        norm(p + "kv_a_layernorm.weight", c.kvLoraRank());
        linear(p + "kv_b_proj.weight", h * (c.qkNopeHeadDim() + c.vHeadDim()), c.kvLoraRank(), 1);
        linear(p + "o_proj.weight", hidden, h * c.vHeadDim(), residualScale);
    }

    private void gqa(String p) {
        int hidden = c.hiddenSize();
        int q = c.numAttentionHeads() * c.headDim();
        int kv = c.numKeyValueHeads() * c.headDim();
        linear(p + "q_proj.weight", q, hidden, 1);
        linear(p + "k_proj.weight", kv, hidden, 1);
        linear(p + "v_proj.weight", kv, hidden, 1);
        linear(p + "o_proj.weight", hidden, q, residualScale);
    }

    private void moe(String p) {
        int hidden = c.hiddenSize();
        add(p + "gate.weight", c.nRoutedExperts(), hidden, TensorSpec.Kind.WIDE, 1 / Math.sqrt(hidden));
        add(p + "gate.e_score_correction_bias", c.nRoutedExperts(), 0, TensorSpec.Kind.BIAS, 0.1);
        for (int e = 0; e < c.nRoutedExperts(); e++) {
            mlp(p + "experts." + e + ".", c.moeIntermediateSize());
        }
        if (c.nSharedExperts() > 0) {
            mlp(p + "shared_experts.", c.moeIntermediateSize() * c.nSharedExperts());
        }
    }

    private void mlp(String p, int inner) {
        int hidden = c.hiddenSize();
        linear(p + "gate_proj.weight", inner, hidden, 1);
        linear(p + "up_proj.weight", inner, hidden, 1);
        linear(p + "down_proj.weight", hidden, inner, residualScale);
    }

    private void linear(String name, int rows, int cols, double scale) {
        add(name, rows, cols, TensorSpec.Kind.LINEAR, scale / Math.sqrt(cols));
    }

    private void norm(String name, int length) {
        add(name, length, 0, TensorSpec.Kind.NORM, 0.1);
    }

    private void add(String name, int rows, int cols, TensorSpec.Kind kind, double spread) {
        specs.add(new TensorSpec(name, rows, cols, kind, spread));
    }
}
