package dev.hearth.node.engine;

/** bfloat16 weights: each {@code short} holds the upper 16 bits of a float32. */
public record Bf16Matrix(int rows, int cols, short[] data) implements Matrix {

    public Bf16Matrix {
        MatrixShapes.check("BF16", rows, cols, data.length, (long) rows * cols);
    }

    @Override
    public long storedBytes() {
        return 2L * data.length;
    }

    @Override
    public float get(int r, int c) {
        return Float.intBitsToFloat(data[r * cols + c] << 16);
    }
}
