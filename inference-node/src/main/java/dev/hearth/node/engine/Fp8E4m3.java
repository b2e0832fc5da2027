package dev.hearth.node.engine;

/**
 * The OCP FP8 E4M3 ("fn") format DeepSeek-V3 stores weights in: 1 sign, 4 exponent (bias 7) and
 * 3 mantissa bits, no infinities, {@code S.1111.111} is NaN, largest finite value ±448.
 */
public final class Fp8E4m3 {
    public static final float MAX = 448f;
    private static final float[] DECODE = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            int exp = (b >>> 3) & 0xF;
            int man = b & 0x7;
            double magnitude;
            if (exp == 0xF && man == 0x7) {
                magnitude = Double.NaN;
            } else if (exp == 0) {
                magnitude = man / 8.0 * Math.pow(2, -6);
            } else {
                magnitude = (1 + man / 8.0) * Math.pow(2, exp - 7);
            }
            DECODE[b] = (float) ((b & 0x80) != 0 ? -magnitude : magnitude);
        }
    }

    private Fp8E4m3() {
    }

    public static float toFloat(byte bits) {
        return DECODE[bits & 0xFF];
    }

    /** Nearest E4M3 value (ties to even), saturating at ±448; NaN stays NaN. */
    public static byte fromFloat(float value) {
        if (Float.isNaN(value)) {
            return (byte) 0x7F;
        }
        int sign = value < 0 || (value == 0 && 1 / value < 0) ? 0x80 : 0;
        float a = Math.min(Math.abs(value), MAX);
        // Codes 0..126 decode to increasing magnitudes: binary search, then the nearer neighbour.
        int lo = 0;
        int hi = 0x7E;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (DECODE[mid] < a) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int best = lo;
        if (lo > 0) {
            float below = a - DECODE[lo - 1];
            float above = DECODE[lo] - a;
            if (below < above || (below == above && ((lo - 1) & 1) == 0)) {
                best = lo - 1;
            }
        }
        return (byte) (sign | best);
    }
}
