package dev.hearth.node.checkpoint;

import dev.hearth.node.engine.Fp8E4m3;
import dev.hearth.node.engine.Fp8Matrix;

/**
 * Quantizes float weights to FP8 E4M3 with DeepSeek-V3's 128×128 block scales: each block is
 * scaled so that its largest magnitude lands on 448, the largest E4M3 value, which spends the
 * format's range on the block's own values. The result's {@code data} and {@code scaleInv} are
 * exactly the {@code weight} and {@code weight_scale_inv} tensors a checkpoint stores.
 */
public final class Fp8BlockQuantizer {
    private static final int BLOCK = Fp8Matrix.BLOCK;

    private Fp8BlockQuantizer() {
    }

    /** {@code values}, row-major {@code rows × cols}, as FP8 with one scale per block. */
    public static Fp8Matrix quantize(float[] values, int rows, int cols) {
        Quantizers.checkInput("F8_E4M3", values, rows, cols);
        int blockRows = Fp8Matrix.blockCount(rows);
        int blockCols = Fp8Matrix.blockCount(cols);
        byte[] data = new byte[values.length];
        float[] scaleInv = new float[blockRows * blockCols];
        for (int br = 0; br < blockRows; br++) {
            int r0 = br * BLOCK;
            int r1 = Math.min(rows, r0 + BLOCK);
            for (int bc = 0; bc < blockCols; bc++) {
                int c0 = bc * BLOCK;
                int c1 = Math.min(cols, c0 + BLOCK);
                float amax = 0;
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        amax = Math.max(amax, Math.abs(values[r * cols + c]));
                    }
                }
                float scale = Quantizers.scale(amax, Fp8E4m3.MAX);
                scaleInv[br * blockCols + bc] = scale;
                for (int r = r0; r < r1; r++) {
                    for (int c = c0; c < c1; c++) {
                        data[r * cols + c] = Fp8E4m3.fromFloat(values[r * cols + c] / scale);
                    }
                }
            }
        }
        return new Fp8Matrix(rows, cols, data, scaleInv);
    }
}
