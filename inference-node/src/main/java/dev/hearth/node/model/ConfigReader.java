package dev.hearth.node.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a Hugging Face {@code config.json} ({@code model_type} {@code deepseek_v3} or {@code llama})
 * into a {@link ModelConfig}, checking every value the forward pass depends on. Optional keys take
 * the defaults of the published configuration classes; keys the engine does not use are ignored.
 */
public final class ConfigReader {
    private final ObjectMapper json = new ObjectMapper();

    public ModelConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file, "cannot be read (" + e.getMessage() + ")");
        }
        return parse(file, text);
    }

    /** Parses {@code text} as the contents of {@code file} (named in errors). */
    public ModelConfig parse(Path file, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(file, "must be a JSON object");
        }
        Fields f = new Fields(file, root);
        String modelType = f.string("model_type", null);
        if (modelType == null) {
            throw new ConfigException(file, "model_type is missing; supported: deepseek_v3, llama");
        }
        Architecture arch = Arrays.stream(Architecture.values())
                .filter(a -> a.modelType().equals(modelType)).findFirst()
                .orElseThrow(() -> new ConfigException(file, "model_type \"" + modelType
                        + "\" is not supported; supported: deepseek_v3, llama"));
        f.requireValue("hidden_act", "silu");
        f.requireValue("attention_bias", false);
        ModelConfig config = arch == Architecture.DEEPSEEK_V3 ? deepSeek(f) : llama(f);
        new ConfigValidator(file).check(config);
        return config;
    }

    private static ModelConfig deepSeek(Fields f) {
        f.requireValue("scoring_func", "sigmoid");
        f.requireValue("topk_method", "noaux_tc");
        f.requireValue("moe_layer_freq", 1);
        int heads = f.positive("num_attention_heads");
        int nRouted = f.nonNegative("n_routed_experts", 0);
        return new ModelConfig(Architecture.DEEPSEEK_V3,
                f.positive("vocab_size"), f.positive("hidden_size"), f.positive("intermediate_size"),
                f.positive("num_hidden_layers"), heads, f.positiveDouble("rms_norm_eps", 1e-6),
                f.positiveDouble("rope_theta", 10_000), f.ropeScaling(), f.positive("max_position_embeddings"),
                f.bool("tie_word_embeddings", false), f.nonNegative("bos_token_id", 0), f.nonNegative("eos_token_id", 1),
                nRouted > 0 ? f.positive("moe_intermediate_size") : f.nonNegative("moe_intermediate_size", 0),
                f.nonNegative("first_k_dense_replace", 0), nRouted,
                f.nonNegative("n_shared_experts", 0),
                nRouted > 0 ? f.positive("num_experts_per_tok") : 0,
                f.positiveOr("n_group", 1), f.positiveOr("topk_group", 1),
                f.positiveDouble("routed_scaling_factor", 1.0), f.bool("norm_topk_prob", true),
                f.nonNegative("q_lora_rank", 0), f.positive("kv_lora_rank"),
                f.positive("qk_nope_head_dim"), f.positive("qk_rope_head_dim"), f.positive("v_head_dim"),
                0, 0);
    }

    private static ModelConfig llama(Fields f) {
        if (f.has("rope_scaling")) {
            throw f.error("rope_scaling is set; Llama rope scaling is not supported, remove it or use a model without it");
        }
        int hidden = f.positive("hidden_size");
        int heads = f.positive("num_attention_heads");
        int headDim = f.has("head_dim") ? f.positive("head_dim") : hidden / heads;
        return new ModelConfig(Architecture.LLAMA,
                f.positive("vocab_size"), hidden, f.positive("intermediate_size"),
                f.positive("num_hidden_layers"), heads, f.positiveDouble("rms_norm_eps", 1e-6),
                f.positiveDouble("rope_theta", 10_000), null, f.positive("max_position_embeddings"),
                f.bool("tie_word_embeddings", false), f.nonNegative("bos_token_id", 1), f.nonNegative("eos_token_id", 2),
                0, 0, 0, 0, 0, 1, 1, 1.0, false, 0, 0, 0, 0, 0,
                f.positiveOr("num_key_value_heads", heads), headDim);
    }
}
