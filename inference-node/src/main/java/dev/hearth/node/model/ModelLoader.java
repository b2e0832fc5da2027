package dev.hearth.node.model;

import dev.hearth.node.checkpoint.Checkpoint;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.tokenizer.BpeTokenizer;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a Hugging Face checkpoint directory — {@code config.json} plus safetensors — into a runnable
 * model: the config is validated first, then every tensor is read by name and checked against it.
 * The weights are copied out of the memory-mapped files into the kernels' formats, so the files are
 * closed when loading ends.
 */
public final class ModelLoader {
    private final Kernels kernels;

    public ModelLoader(Kernels kernels) {
        this.kernels = kernels;
    }

    /**
     * Loads the model and its tokenizer: the checkpoint's {@code tokenizer.json} when it has one,
     * else the byte-level tokenizer.
     */
    public LoadedModel loadWithTokenizer(Path dir, int contextLength) {
        DecoderModel model = load(dir, contextLength);
        ModelConfig c = model.config();
        Path tokenizerJson = dir.resolve("tokenizer.json");
        Tokenizer tokenizer;
        if (Files.isRegularFile(tokenizerJson)) {
            tokenizer = BpeTokenizer.load(tokenizerJson, c.bosTokenId(), c.eosTokenId());
        } else if (c.vocabSize() < ByteTokenizer.VOCAB_SIZE) {
            throw new ConfigException(dir.resolve("config.json"), "vocab_size " + c.vocabSize() + " is too small for the "
                    + "byte-level tokenizer (it needs " + ByteTokenizer.VOCAB_SIZE + "); add the model's tokenizer.json");
        } else {
            tokenizer = new ByteTokenizer();
        }
        if (tokenizer.vocabSize() > c.vocabSize()) {
            throw new ConfigException(tokenizerJson, "has " + tokenizer.vocabSize() + " tokens but the model's vocab_size is "
                    + c.vocabSize() + "; the tokenizer does not belong to this checkpoint");
        }
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return new LoadedModel(name == null ? "model" : name.toString(), model, tokenizer);
    }

    /** Opens a checkpoint to load shards from while serving; the caller closes it. */
    public CheckpointSource open(Path dir) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigException(configFile, "is missing; a checkpoint directory needs config.json "
                    + "(write one with: hearth model init --preset tiny --out DIR)");
        }
        return new CheckpointSource(new ConfigReader().read(configFile), Checkpoint.open(dir));
    }

    /** @param contextLength the longest sequence to serve; at most the config's max_position_embeddings */
    public DecoderModel load(Path dir, int contextLength) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new ConfigException(configFile, "is missing; a checkpoint directory needs config.json "
                    + "(write one with: hearth model init --preset tiny --out DIR)");
        }
        ModelConfig config = new ConfigReader().read(configFile);
        int context = Math.min(contextLength, config.maxPositionEmbeddings());
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            return new DecoderModel(ModelWeights.load(config, new CheckpointWeights(checkpoint)), kernels, context);
        }
    }
}
