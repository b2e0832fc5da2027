package dev.hearth.node.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Unsigned integers of 0 to 24 bits packed back to back, least significant bit first. */
final class BitPacking {
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private BitPacking() {
    }

    static long packedBytes(int count, int width) {
        return ((long) count * width + 7) / 8;
    }

    /** Writes {@code q[0, count)} with {@code width} bits each at {@code p}; returns the offset after them. */
    static int pack(int[] q, int count, int width, byte[] out, int p) {
        if (width == 0) {
            return p;
        }
        // fewer than 32 bits wait in acc before a value is added, at most 55 after: one 4-byte store drains it
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < count; i++) {
            acc |= (long) q[i] << bits;
            bits += width;
            if (bits >= 32) {
                INT_LE.set(out, p, (int) acc);
                p += 4;
                acc >>>= 32;
                bits -= 32;
            }
        }
        for (; bits > 0; bits -= 8) {
            out[p++] = (byte) acc;
            acc >>>= 8;
        }
        return p;
    }

    /**
     * Reads {@code count} values of {@code width} bits at {@code p} and writes
     * {@code (float) (min + q · step)} for each to {@code dest[from, from + count)} — the exact
     * expression the encoder checked against the bound.
     */
    static void unpack(byte[] src, int p, int count, int width, float min, double step, float[] dest, int from) {
        if (width == 0) {
            // the encoder's expression with q = 0, which turns −0 into +0 as it does
            Arrays.fill(dest, from, from + count, (float) (min + 0 * step));
            return;
        }
        int mask = (1 << width) - 1;
        long acc = 0;
        int bits = 0;
        for (int i = 0; i < count; i++) {
            while (bits < width) {
                acc |= (long) (src[p++] & 0xff) << bits;
                bits += 8;
            }
            int q = (int) acc & mask;
            acc >>>= width;
            bits -= width;
            dest[from + i] = (float) (min + q * step);
        }
    }
}
