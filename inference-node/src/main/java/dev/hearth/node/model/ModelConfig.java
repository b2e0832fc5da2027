package dev.hearth.node.model;

/**
 * A model's shape as its Hugging Face {@code config.json} gives it, for DeepSeek-V3 and Llama. Field
 * names follow the JSON keys. Fields of the other architecture are zero. Built by
 * {@link ConfigReader}, which validates every value against the file it came from.
 *
 * @param qLoraRank          0 when queries are projected directly ({@code q_proj}), as in smaller
 *                           DeepSeek models whose {@code q_lora_rank} is null
 * @param ropeScaling        null when the config has no YaRN {@code rope_scaling}
 * @param numKeyValueHeads   Llama: key/value heads for grouped-query attention
 * @param headDim            Llama: per-head dimension
 */
public record ModelConfig(
        Architecture architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        int bosTokenId,
        int eosTokenId,
        // DeepSeek-V3
        int moeIntermediateSize,
        int firstKDenseReplace,
        int nRoutedExperts,
        int nSharedExperts,
        int numExpertsPerTok,
        int nGroup,
        int topkGroup,
        double routedScalingFactor,
        boolean normTopkProb,
        int qLoraRank,
        int kvLoraRank,
        int qkNopeHeadDim,
        int qkRopeHeadDim,
        int vHeadDim,
        // Llama
        int numKeyValueHeads,
        int headDim) {

    public boolean isDeepSeek() {
        return architecture == Architecture.DEEPSEEK_V3;
    }

    /** Whether layer {@code layer} is a mixture-of-experts layer (DeepSeek-V3, from first_k_dense_replace). */
    public boolean isMoeLayer(int layer) {
        return isDeepSeek() && nRoutedExperts > 0 && layer >= firstKDenseReplace;
    }

    /** DeepSeek-V3: query/key head width, {@code qk_nope_head_dim + qk_rope_head_dim}. */
    public int qkHeadDim() {
        return qkNopeHeadDim + qkRopeHeadDim;
    }

    /** Width of the rotary part of a head: the whole head for Llama, {@code qk_rope_head_dim} for DeepSeek. */
    public int rotaryDim() {
        return isDeepSeek() ? qkRopeHeadDim : headDim;
    }

    /**
     * Floats one token occupies in one layer's KV cache: the compressed latent plus the shared rotary
     * key for MLA ({@code kv_lora_rank + qk_rope_head_dim}); keys and values of every KV head for Llama.
     */
    public int kvFloatsPerTokenPerLayer() {
        return isDeepSeek() ? kvLoraRank + qkRopeHeadDim : 2 * numKeyValueHeads * headDim;
    }
}
