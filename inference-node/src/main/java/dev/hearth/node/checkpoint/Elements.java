package dev.hearth.node.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian element data to and from Java arrays, in bulk where the JDK can. */
final class Elements {
    private Elements() {
    }

    /** {@code n} values of a float dtype (F32, F16 or BF16), widened to float. */
    static float[] floats(ByteBuffer data, DType dtype, int n) {
        float[] out = new float[n];
        ByteBuffer le = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> le.asFloatBuffer().get(out);
            case F16 -> {
                short[] bits = shorts(le, n);
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.f16ToFloat(bits[i]);
                }
            }
            case BF16 -> {
                short[] bits = shorts(le, n);
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloats.bf16ToFloat(bits[i]);
                }
            }
            default -> throw new IllegalArgumentException(dtype + " is not a float dtype");
        }
        return out;
    }

    static short[] shorts(ByteBuffer data, int n) {
        short[] out = new short[n];
        data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    static byte[] bytes(ByteBuffer data, int n) {
        byte[] out = new byte[n];
        data.duplicate().get(out);
        return out;
    }

    /** {@code values} narrowed to a float dtype, rounding to nearest even. */
    static byte[] encode(float[] values, DType dtype) {
        byte[] out = new byte[Math.multiplyExact(values.length, dtype.bytesPerElement())];
        ByteBuffer le = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> le.asFloatBuffer().put(values);
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    le.putShort(2 * i, HalfFloats.floatToF16(values[i]));
                }
            }
            case BF16 -> {
                for (int i = 0; i < values.length; i++) {
                    le.putShort(2 * i, HalfFloats.floatToBf16(values[i]));
                }
            }
            default -> throw new IllegalArgumentException(dtype + " is not a float dtype");
        }
        return out;
    }

    static byte[] encode(short[] values) {
        byte[] out = new byte[Math.multiplyExact(values.length, 2)];
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(values);
        return out;
    }
}
