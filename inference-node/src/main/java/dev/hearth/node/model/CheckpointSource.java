package dev.hearth.node.model;

import dev.hearth.node.checkpoint.Checkpoint;

/**
 * A checkpoint kept open: its config and its tensors by name, so a node can load the shards a new
 * placement gives it while it serves, long after it started.
 */
public final class CheckpointSource implements AutoCloseable {
    private final ModelConfig config;
    private final Checkpoint checkpoint;
    private final WeightSource weights;

    CheckpointSource(ModelConfig config, Checkpoint checkpoint) {
        this.config = config;
        this.checkpoint = checkpoint;
        this.weights = new CheckpointWeights(checkpoint);
    }

    public ModelConfig config() {
        return config;
    }

    public WeightSource weights() {
        return weights;
    }

    @Override
    public void close() {
        checkpoint.close();
    }
}
