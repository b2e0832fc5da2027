package dev.hearth.node.model;

import dev.hearth.node.checkpoint.Checkpoint;
import dev.hearth.node.engine.Matrix;

/** A checkpoint on disk as the source of a model's weights. */
final class CheckpointWeights implements WeightSource {
    private final Checkpoint checkpoint;

    CheckpointWeights(Checkpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    @Override
    public Matrix matrix(String name, int rows, int cols) {
        return checkpoint.matrix(name, rows, cols);
    }

    @Override
    public float[] vector(String name, int length) {
        return checkpoint.vector(name, length);
    }

    @Override
    public boolean has(String name) {
        return checkpoint.find(name).isPresent();
    }
}
