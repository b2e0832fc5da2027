package dev.hearth.node.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * A row-major {@code rows × cols} block of float32 activations: one row per token, {@code cols} the
 * hidden size. The array is held, not copied: a 512-token prefill hand-off is 14 MiB, and the
 * sender is done with it once the frame is built.
 *
 * <p>Equality compares the values (as {@link Arrays#equals(float[], float[])} does: bit patterns,
 * with every NaN equal), so decoded frames can be compared with the frames that were sent.
 */
public record Activations(int rows, int cols, float[] values) {
    private static final float[] NONE = new float[0];

    public Activations {
        Objects.requireNonNull(values, "values");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("activations of " + rows + " × " + cols
                    + ": rows and cols must not be negative");
        }
        if ((long) rows * cols != values.length) {
            throw new IllegalArgumentException("activations of " + rows + " × " + cols + " need "
                    + (long) rows * cols + " values, got " + values.length);
        }
    }

    /** No rows: the payload of an {@link FrameKind#ERROR} frame. */
    public static Activations empty() {
        return new Activations(0, 0, NONE);
    }

    /** Bytes of the payload as float32, before any codec. */
    public long rawBytes() {
        return 4L * values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activations a && a.rows == rows && a.cols == cols && Arrays.equals(a.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Activations[" + rows + " × " + cols + "]";
    }
}
