package dev.hearth.node.model;

import dev.hearth.node.checkpoint.Checkpoint;
import dev.hearth.node.engine.Kernels;
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
