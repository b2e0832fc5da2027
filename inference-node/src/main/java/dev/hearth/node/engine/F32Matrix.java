package dev.hearth.node.engine;

/** 32-bit float weights; F16 checkpoints are widened to this format on load. */
public record F32Matrix(int rows, int cols, float[] data) implements Matrix {

    public F32Matrix {
        MatrixShapes.check("F32", rows, cols, data.length, (long) rows * cols);
    }

    @Override
    public long storedBytes() {
        return 4L * data.length;
    }

    @Override
    public float get(int r, int c) {
        return data[r * cols + c];
    }
}
