package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.checkpoint.CheckpointException;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Completion;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.tokenizer.BpeTokenizer;
import dev.hearth.node.tokenizer.ByteTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoaderTest {
    @TempDir
    Path dir;

    private final ModelLoader loader = new ModelLoader(new ScalarKernels());
    private final ModelConfig tiny = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");

    private void write(ModelConfig config, Path to, long shardBytes) {
        new CheckpointGenerator(shardBytes).write(config, StoredType.BF16, 3, to, Map.of("format", "pt"),
                CheckpointExactnessTest.NO_PROGRESS);
    }

    @Test
    void aShardedCheckpointLoadsLikeASingleFile() {
        write(tiny, dir.resolve("single"), 1 << 30);
        write(tiny, dir.resolve("sharded"), 64 << 10);
        assertThat(dir.resolve("sharded/model.safetensors.index.json")).exists();
        assertThat(dir.resolve("single/model.safetensors")).exists();
        LoadedModel single = loader.loadWithTokenizer(dir.resolve("single"), 32);
        LoadedModel sharded = loader.loadWithTokenizer(dir.resolve("sharded"), 32);
        assertThat(single.tokenizer()).isInstanceOf(ByteTokenizer.class);
        assertThat(sharded.name()).isEqualTo("sharded");
        int[] prompt = {256, 1, 2, 3};
        assertThat(sharded.model().prefill(sharded.model().newSequence(), prompt))
                .containsExactly(single.model().prefill(single.model().newSequence(), prompt));
    }

    @Test
    void tensorsThatDisagreeWithTheConfigAreNamedWithTheExpectedShape() throws IOException {
        write(tiny, dir, 1 << 30);
        // the same weights under a config with a wider latent: kv_b_proj no longer fits
        String config = Files.readString(dir.resolve("config.json")).replace("\"kv_lora_rank\" : 32", "\"kv_lora_rank\" : 40");
        Files.writeString(dir.resolve("config.json"), config);
        assertThatThrownBy(() -> loader.load(dir, 32)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.safetensors")
                .hasMessageContaining("model.layers.0.self_attn.kv_a_proj_with_mqa.weight")
                .hasMessageContaining("[48, 64]");
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        write(tiny, dir, 1 << 30);
        String config = Files.readString(dir.resolve("config.json")).replace("\"num_hidden_layers\" : 4", "\"num_hidden_layers\" : 5");
        Files.writeString(dir.resolve("config.json"), config);
        assertThatThrownBy(() -> loader.load(dir, 32)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.layers.4.input_layernorm.weight");
    }

    @Test
    void aDirectoryWithoutConfigOrWeightsIsExplained() throws IOException {
        assertThatThrownBy(() -> loader.load(dir, 32)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.json: is missing").hasMessageContaining("hearth model init");
        Files.writeString(dir.resolve("config.json"), new ConfigJson().write(tiny, "bfloat16", null));
        assertThatThrownBy(() -> loader.load(dir, 32)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining(dir.toString());
    }

    @Test
    void usesTheCheckpointsTokenizerJsonWhenPresent() throws IOException {
        ModelConfig config = withVocab(tiny, 320, 0, 1);
        write(config, dir, 1 << 30);
        try (InputStream in = getClass().getResourceAsStream("/tokenizer/deepseek-tiny.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        LoadedModel loaded = loader.loadWithTokenizer(dir, 64);
        assertThat(loaded.tokenizer()).isInstanceOf(BpeTokenizer.class);
        assertThat(loaded.tokenizer().bosId()).isZero();
        Generator generator = new Generator(loaded.name(), loaded.model(), loaded.tokenizer(), new ScalarKernels());
        Completion c = generator.generate("Hello world", 8, SamplingParams.greedy());
        assertThat(c.promptTokens()).isEqualTo(1 + loaded.tokenizer().encode("Hello world").length);
        assertThat(c.completionTokens()).isPositive();
    }

    @Test
    void aTokenizerLargerThanTheVocabularyIsRefused() throws IOException {
        write(tiny, dir, 1 << 30); // vocab 258 < the tokenizer's 301
        try (InputStream in = getClass().getResourceAsStream("/tokenizer/deepseek-tiny.json")) {
            Files.copy(in, dir.resolve("tokenizer.json"));
        }
        String config = Files.readString(dir.resolve("config.json"))
                .replace("\"bos_token_id\" : 256", "\"bos_token_id\" : 0").replace("\"eos_token_id\" : 257", "\"eos_token_id\" : 1");
        Files.writeString(dir.resolve("config.json"), config);
        assertThatThrownBy(() -> loader.loadWithTokenizer(dir, 32)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("has 301 tokens but the model's vocab_size is 258");
    }

    static ModelConfig withVocab(ModelConfig c, int vocab, int bos, int eos) {
        return new ModelConfig(c.architecture(), vocab, c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(),
                c.numAttentionHeads(), c.rmsNormEps(), c.ropeTheta(), c.ropeScaling(), c.maxPositionEmbeddings(),
                c.tieWordEmbeddings(), bos, eos, c.moeIntermediateSize(), c.firstKDenseReplace(), c.nRoutedExperts(),
                c.nSharedExperts(), c.numExpertsPerTok(), c.nGroup(), c.topkGroup(), c.routedScalingFactor(),
                c.normTopkProb(), c.qLoraRank(), c.kvLoraRank(), c.qkNopeHeadDim(), c.qkRopeHeadDim(), c.vHeadDim(),
                c.numKeyValueHeads(), c.headDim());
    }
}
