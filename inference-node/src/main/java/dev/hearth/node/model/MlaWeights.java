package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;

/**
 * Multi-head Latent Attention weights of one layer. Queries go through a low-rank bottleneck
 * ({@code qA}, norm, {@code qB}) unless the config has no {@code q_lora_rank} ({@code q} direct);
 * keys and values are compressed to a latent of {@code kv_lora_rank} plus one shared rotary key
 * ({@code kvA}), and {@code kvB} expands the latent back per head (key part, then value part).
 */
public record MlaWeights(Matrix qA, float[] qANorm, Matrix qB, Matrix q, Matrix kvA, float[] kvANorm,
                         Matrix kvB, Matrix o) {

    static MlaWeights load(WeightSource w, String p, ModelConfig c) {
        int h = c.numAttentionHeads();
        int hidden = c.hiddenSize();
        Matrix qA = null;
        float[] qANorm = null;
        Matrix qB = null;
        Matrix q = null;
        if (c.qLoraRank() > 0) {
            qA = w.matrix(p + "q_a_proj.weight", c.qLoraRank(), hidden);
            qANorm = w.vector(p + "q_a_layernorm.weight", c.qLoraRank());
            qB = w.matrix(p + "q_b_proj.weight", h * c.qkHeadDim(), c.qLoraRank());
        } else {
            q = w.matrix(p + "q_proj.weight", h * c.qkHeadDim(), hidden);
        }
        return new MlaWeights(qA, qANorm, qB, q,
                w.matrix(p + "kv_a_proj_with_mqa.weight", c.kvLoraRank() + c.qkRopeHeadDim(), hidden),
                w.vector(p + "kv_a_layernorm.weight", c.kvLoraRank()),
                w.matrix(p + "kv_b_proj.weight", h * (c.qkNopeHeadDim() + c.vHeadDim()), c.kvLoraRank()),
                w.matrix(p + "o_proj.weight", hidden, h * c.vHeadDim()));
    }
}
