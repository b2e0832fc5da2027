package dev.hearth.node.engine;

/**
 * FP8 E4M3 weights with DeepSeek-V3's block scales: the value at {@code (r, c)} is
 * {@code e4m3(data[r * cols + c]) * scaleInv[(r / 128) * blockCols + c / 128]}, one scale per
 * 128×128 block (the {@code weight_scale_inv} tensor, whose name says "inverse" but which
 * multiplies on dequantization).
 */
public record Fp8Matrix(int rows, int cols, byte[] data, float[] scaleInv) implements Matrix {

    public static final int BLOCK = 128;

    public Fp8Matrix {
        MatrixShapes.check("F8_E4M3", rows, cols, data.length, (long) rows * cols);
        long blocks = (long) blockCount(rows) * blockCount(cols);
        if (scaleInv.length != blocks) {
            throw new IllegalArgumentException("F8_E4M3 matrix " + rows + "x" + cols + " needs " + blocks
                    + " block scales (" + blockCount(rows) + "x" + blockCount(cols) + "), got " + scaleInv.length);
        }
    }

    /** Number of 128-wide blocks covering {@code n} rows or columns. */
    public static int blockCount(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }

    public int blockCols() {
        return blockCount(cols);
    }

    @Override
    public long storedBytes() {
        return data.length + 4L * scaleInv.length;
    }

    @Override
    public float get(int r, int c) {
        return Fp8E4m3.toFloat(data[r * cols + c]) * scaleInv[(r / BLOCK) * blockCols() + c / BLOCK];
    }
}
