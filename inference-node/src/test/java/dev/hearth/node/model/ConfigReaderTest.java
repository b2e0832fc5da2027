package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigReaderTest {
    private static final Path FILE = Path.of("ckpt/config.json");
    private final ConfigReader reader = new ConfigReader();

    @Test
    void readsThePublishedDeepSeekV3Config() {
        ModelConfig c = reader.parse(FILE, resource("deepseek-v3.json"));
        assertThat(c.architecture()).isEqualTo(Architecture.DEEPSEEK_V3);
        assertThat(c.hiddenSize()).isEqualTo(7168);
        assertThat(c.numHiddenLayers()).isEqualTo(61);
        assertThat(c.firstKDenseReplace()).isEqualTo(3);
        assertThat(c.nRoutedExperts()).isEqualTo(256);
        assertThat(c.numExpertsPerTok()).isEqualTo(8);
        assertThat(c.nGroup()).isEqualTo(8);
        assertThat(c.topkGroup()).isEqualTo(4);
        assertThat(c.routedScalingFactor()).isEqualTo(2.5);
        assertThat(c.qLoraRank()).isEqualTo(1536);
        assertThat(c.kvLoraRank()).isEqualTo(512);
        assertThat(c.qkHeadDim()).isEqualTo(192);
        assertThat(c.kvFloatsPerTokenPerLayer()).isEqualTo(576);
        assertThat(c.ropeScaling()).isEqualTo(new RopeScaling(40, 4096, 32, 1, 1, 1));
        assertThat(c.isMoeLayer(2)).isFalse();
        assertThat(c.isMoeLayer(3)).isTrue();
        assertThat(new TensorPlan(c).parameterCount()).as("671B minus the MTP layer").isBetween(670_000_000_000L, 672_000_000_000L);
    }

    @Test
    void readsALlamaConfigWithSeveralEosIds() {
        ModelConfig c = reader.parse(FILE, resource("llama.json"));
        assertThat(c.architecture()).isEqualTo(Architecture.LLAMA);
        assertThat(c.headDim()).isEqualTo(64);
        assertThat(c.numKeyValueHeads()).isEqualTo(8);
        assertThat(c.eosTokenId()).isEqualTo(128001);
        assertThat(c.tieWordEmbeddings()).isTrue();
        assertThat(c.kvFloatsPerTokenPerLayer()).isEqualTo(2 * 8 * 64);
    }

    @Test
    void presetsRoundTripThroughConfigJson() {
        for (Architecture arch : Architecture.values()) {
            for (String preset : ModelPresets.NAMES) {
                ModelConfig c = ModelPresets.config(arch, preset);
                assertThat(reader.parse(FILE, new ConfigJson().write(c, "bfloat16", null))).isEqualTo(c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "\"model_type\": \"deepseek_v3\"|\"model_type\": \"mixtral\"|model_type \"mixtral\" is not supported",
            "\"n_group\": 8|\"n_group\": 7|n_routed_experts 256 is not divisible by n_group 7",
            "\"topk_group\": 4|\"topk_group\": 9|topk_group is 9; it cannot exceed n_group 8",
            "\"num_experts_per_tok\": 8|\"num_experts_per_tok\": 200|only 128 experts are reachable",
            "\"scoring_func\": \"sigmoid\"|\"scoring_func\": \"softmax\"|scoring_func is \"softmax\"; the engine supports only \"sigmoid\"",
            "\"hidden_size\": 7168|\"hidden_size\": -1|hidden_size is -1; it must be a positive integer",
            "\"hidden_size\": 7168|\"hidden_size\": \"big\"|hidden_size is \"big\"; it must be an integer",
            "\"kv_lora_rank\": 512,|\"kv_lora_rank_x\": 512,|kv_lora_rank is missing",
            "\"qk_rope_head_dim\": 64|\"qk_rope_head_dim\": 63|qk_rope_head_dim is 63; rotary embeddings need an even width",
            "\"first_k_dense_replace\": 3|\"first_k_dense_replace\": 62|first_k_dense_replace is 62; it cannot exceed num_hidden_layers 61",
            "\"type\": \"yarn\"|\"type\": \"linear\"|rope_scaling.type is \"linear\"; only \"yarn\" is supported",
            "\"factor\": 40|\"factor\": 0|rope_scaling.factor is 0; it must be a positive number",
            "\"norm_topk_prob\": true|\"norm_topk_prob\": \"yes\"|norm_topk_prob is \"yes\"; it must be true or false",
            "\"eos_token_id\": 1|\"eos_token_id\": 200000|eos_token_id 200000 must be below vocab_size 129280",
    })
    void rejectsBadValuesNamingTheFieldAndTheFix(String from, String to, String message) {
        String text = resource("deepseek-v3.json");
        assertThat(text).contains(from);
        assertThatThrownBy(() -> reader.parse(FILE, text.replace(from, to)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(FILE + ": ")
                .hasMessageContaining(message);
    }

    @Test
    void rejectsFilesThatAreNotAConfig() {
        assertThatThrownBy(() -> reader.parse(FILE, "{\"vocab_size\": ")).hasMessageContaining("is not valid JSON");
        assertThatThrownBy(() -> reader.parse(FILE, "[1, 2]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> reader.parse(FILE, "{}")).hasMessageContaining("model_type is missing");
        assertThatThrownBy(() -> reader.read(Path.of("no/such/config.json"))).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> reader.parse(FILE, resource("llama.json")
                .replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 5")))
                .hasMessageContaining("num_attention_heads 32 is not divisible by num_key_value_heads 5");
    }

    private static String resource(String name) {
        try (InputStream in = ConfigReaderTest.class.getResourceAsStream("/config/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
