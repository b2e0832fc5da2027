package dev.hearth.node.checkpoint;

/**
 * Conversions between float and the two 16-bit formats checkpoints use: IEEE binary16 (F16: 5
 * exponent bits, 10 mantissa bits) and bfloat16 (BF16: the upper half of a float32). Narrowing
 * rounds to nearest, ties to even, as the training frameworks do, so a tensor written here is
 * bit-identical to one they would write; NaN stays NaN. Java 17 has no float16 support of its own.
 */
public final class HalfFloats {
    private static final int F16_EXP_MASK = 0x7C00;
    /** Float bits of 65520, the midpoint between 65504 (largest F16) and 2^16; from here up F16 is infinite. */
    private static final int F16_OVERFLOW = 0x477FF000;
    /** Float bits of 2^-14, the smallest normal F16. */
    private static final int F16_MIN_NORMAL = 0x38800000;

    private HalfFloats() {
    }

    public static float f16ToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exp == 0x1F) {
            // Infinity, or NaN with its payload kept in the top mantissa bits.
            return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
        }
        if (exp == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign != 0 ? -magnitude : magnitude;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mantissa << 13));
    }

    public static short floatToF16(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int abs = f & 0x7FFFFFFF;
        if (abs > 0x7F800000) {
            // NaN: keep the top payload bits and force the quiet bit so it cannot turn into infinity.
            return (short) (sign | F16_EXP_MASK | 0x200 | ((abs & 0x7FFFFF) >>> 13));
        }
        if (abs >= F16_OVERFLOW) {
            return (short) (sign | F16_EXP_MASK);
        }
        if (abs >= F16_MIN_NORMAL) {
            int exp = (abs >>> 23) - 127 + 15;
            int h = (exp << 10) | ((abs >>> 13) & 0x3FF);
            int rest = abs & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (h & 1) != 0)) {
                h++; // a carry out of the mantissa correctly bumps the exponent
            }
            return (short) (sign | h);
        }
        // Subnormal or zero: count units of 2^-24. Scaling by 2^24 is exact and rint ties to even;
        // a result of 1024 is the encoding of the smallest normal, which is right.
        int units = (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f);
        return (short) (sign | units);
    }

    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    public static short floatToBf16(float value) {
        int f = Float.floatToRawIntBits(value);
        if ((f & 0x7FFFFFFF) > 0x7F800000) {
            // A NaN whose payload sits only in the low half would truncate to infinity: set the quiet bit.
            return (short) ((f >>> 16) | 0x40);
        }
        int roundingBias = 0x7FFF + ((f >>> 16) & 1);
        return (short) ((f + roundingBias) >>> 16);
    }
}
