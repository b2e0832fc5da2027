package dev.hearth.node.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a {@link ModelConfig} as the Hugging Face {@code config.json} of its architecture. */
public final class ConfigJson {
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param torchDtype   the {@code torch_dtype} to state ({@code float32}, {@code bfloat16})
     * @param quantization the {@code quantization_config} object to include, or null
     */
    public String write(ModelConfig c, String torchDtype, ObjectNode quantization) {
        ObjectNode o = json.createObjectNode();
        boolean ds = c.isDeepSeek();
        o.putArray("architectures").add(ds ? "DeepseekV3ForCausalLM" : "LlamaForCausalLM");
        o.put("model_type", c.architecture().modelType());
        o.put("vocab_size", c.vocabSize());
        o.put("hidden_size", c.hiddenSize());
        o.put("intermediate_size", c.intermediateSize());
        o.put("num_hidden_layers", c.numHiddenLayers());
        o.put("num_attention_heads", c.numAttentionHeads());
        o.put("hidden_act", "silu");
        o.put("attention_bias", false);
        o.put("rms_norm_eps", c.rmsNormEps());
        o.put("rope_theta", c.ropeTheta());
        o.put("max_position_embeddings", c.maxPositionEmbeddings());
        o.put("tie_word_embeddings", c.tieWordEmbeddings());
        o.put("bos_token_id", c.bosTokenId());
        o.put("eos_token_id", c.eosTokenId());
        o.put("torch_dtype", torchDtype);
        if (ds) {
            o.put("num_key_value_heads", c.numAttentionHeads());
            o.put("moe_intermediate_size", c.moeIntermediateSize());
            o.put("first_k_dense_replace", c.firstKDenseReplace());
            o.put("moe_layer_freq", 1);
            o.put("n_routed_experts", c.nRoutedExperts());
            o.put("n_shared_experts", c.nSharedExperts());
            o.put("num_experts_per_tok", c.numExpertsPerTok());
            o.put("n_group", c.nGroup());
            o.put("topk_group", c.topkGroup());
            o.put("topk_method", "noaux_tc");
            o.put("scoring_func", "sigmoid");
            o.put("routed_scaling_factor", c.routedScalingFactor());
            o.put("norm_topk_prob", c.normTopkProb());
            if (c.qLoraRank() > 0) {
                o.put("q_lora_rank", c.qLoraRank());
            } else {
                o.putNull("q_lora_rank");
            }
            o.put("kv_lora_rank", c.kvLoraRank());
            o.put("qk_nope_head_dim", c.qkNopeHeadDim());
            o.put("qk_rope_head_dim", c.qkRopeHeadDim());
            o.put("v_head_dim", c.vHeadDim());
            RopeScaling rs = c.ropeScaling();
            if (rs != null) {
                ObjectNode r = o.putObject("rope_scaling");
                r.put("type", "yarn");
                r.put("factor", rs.factor());
                r.put("original_max_position_embeddings", rs.originalMaxPositionEmbeddings());
                r.put("beta_fast", rs.betaFast());
                r.put("beta_slow", rs.betaSlow());
                r.put("mscale", rs.mscale());
                r.put("mscale_all_dim", rs.mscaleAllDim());
            }
        } else {
            o.put("num_key_value_heads", c.numKeyValueHeads());
            o.put("head_dim", c.headDim());
        }
        if (quantization != null) {
            o.set("quantization_config", quantization);
        }
        try {
            return json.writeValueAsString(o) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("config could not be serialised", e);
        }
    }
}
