package dev.hearth.node.engine;

/**
 * Weights of Hearth's own quantizer: symmetric int8 per output channel, value at {@code (r, c)} is
 * {@code data[r * cols + c] * scale[r]}.
 */
public record Int8Matrix(int rows, int cols, byte[] data, float[] scale) implements Matrix {

    public Int8Matrix {
        MatrixShapes.check("I8", rows, cols, data.length, (long) rows * cols);
        if (scale.length != rows) {
            throw new IllegalArgumentException("I8 matrix " + rows + "x" + cols + " needs " + rows
                    + " row scales, got " + scale.length);
        }
    }

    @Override
    public long storedBytes() {
        return data.length + 4L * scale.length;
    }

    @Override
    public float get(int r, int c) {
        return data[r * cols + c] * scale[r];
    }
}
