package dev.hearth.node.checkpoint;

import dev.hearth.node.engine.Int8Matrix;

/**
 * Hearth's int8 format: symmetric, one scale per output row, so that a row's largest magnitude
 * maps to 127 and each weight is off by at most half a scale step. -128 is never used, which
 * keeps the format symmetric around zero.
 */
public final class Int8Quantizer {
    private Int8Quantizer() {
    }

    /** {@code values}, row-major {@code rows × cols}, as int8 with one scale per row. */
    public static Int8Matrix quantize(float[] values, int rows, int cols) {
        Quantizers.checkInput("I8", values, rows, cols);
        byte[] data = new byte[values.length];
        float[] scales = new float[rows];
        for (int r = 0; r < rows; r++) {
            float amax = 0;
            for (int c = 0; c < cols; c++) {
                amax = Math.max(amax, Math.abs(values[r * cols + c]));
            }
            float scale = Quantizers.scale(amax, 127f);
            scales[r] = scale;
            for (int c = 0; c < cols; c++) {
                int q = Math.round(values[r * cols + c] / scale);
                data[r * cols + c] = (byte) Math.max(-127, Math.min(127, q));
            }
        }
        return new Int8Matrix(rows, cols, data, scales);
    }
}
