package dev.hearth.node.model;

/**
 * One decoder layer: the two RMSNorm weights, the attention (MLA for DeepSeek-V3, GQA for Llama; the
 * other is null) and the feed-forward part (a dense MLP or a mixture of experts; the other is null).
 */
public record LayerWeights(float[] inputNorm, float[] postAttentionNorm, MlaWeights mla, GqaWeights gqa,
                           Mlp dense, MoeWeights moe) {

    static LayerWeights load(WeightSource w, ModelConfig c, int layer) {
        return load(w, c, layer, ExpertSelection.ALL);
    }

    static LayerWeights load(WeightSource w, ModelConfig c, int layer, ExpertSelection experts) {
        String p = "model.layers." + layer + ".";
        int hidden = c.hiddenSize();
        float[] in = w.vector(p + "input_layernorm.weight", hidden);
        float[] post = w.vector(p + "post_attention_layernorm.weight", hidden);
        if (!c.isDeepSeek()) {
            return new LayerWeights(in, post, null, GqaWeights.load(w, p + "self_attn.", c),
                    Mlp.load(w, p + "mlp.", hidden, c.intermediateSize()), null);
        }
        MlaWeights mla = MlaWeights.load(w, p + "self_attn.", c);
        if (c.isMoeLayer(layer)) {
            return new LayerWeights(in, post, mla, null, null, MoeWeights.load(w, p + "mlp.", c, layer, experts));
        }
        return new LayerWeights(in, post, mla, null, Mlp.load(w, p + "mlp.", hidden, c.intermediateSize()), null);
    }
}
