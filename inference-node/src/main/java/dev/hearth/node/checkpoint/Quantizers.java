package dev.hearth.node.checkpoint;

/** Input checks and the scale rule the quantizers share. */
final class Quantizers {
    private Quantizers() {
    }

    static void checkInput(String format, float[] values, int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException(format + " quantization needs positive dimensions, got "
                    + rows + "x" + cols);
        }
        if (values.length != (long) rows * cols) {
            throw new IllegalArgumentException(format + " quantization of " + rows + "x" + cols + " needs "
                    + (long) rows * cols + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                // One NaN or infinity would poison its whole block's or row's scale.
                throw new IllegalArgumentException(format + " quantization needs finite values, element ("
                        + i / cols + ", " + i % cols + ") is " + values[i]);
            }
        }
    }

    /**
     * The scale mapping {@code amax} onto {@code top}: 1 for an all-zero group (any scale would do,
     * and 1 keeps the stored tensor readable), and never 0, which a subnormal amax could round to.
     */
    static float scale(float amax, float top) {
        if (amax == 0) {
            return 1f;
        }
        return Math.max(amax / top, Float.MIN_VALUE);
    }
}
