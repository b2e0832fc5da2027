package dev.hearth.node.engine;

/** Writes the 4 inputs × 2 weight rows results of one GEMM register block. */
final class GemmStores {
    private GemmStores() {
    }

    /**
     * {@code sIJ} is input {@code I} times weight row {@code J}; {@code o} is where input 0, row 0
     * goes, inputs are {@code rows} apart, and row 1 (stored only when {@code second}) follows row 0.
     */
    static void store(float[] out, int o, int rows, boolean second, float s00, float s01, float s10, float s11,
                      float s20, float s21, float s30, float s31) {
        out[o] = s00;
        out[o + rows] = s10;
        out[o + 2 * rows] = s20;
        out[o + 3 * rows] = s30;
        if (second) {
            out[o + 1] = s01;
            out[o + rows + 1] = s11;
            out[o + 2 * rows + 1] = s21;
            out[o + 3 * rows + 1] = s31;
        }
    }
}
