package dev.hearth.node.checkpoint;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.hearth.node.checkpoint.HalfFloats.bf16ToFloat;
import static dev.hearth.node.checkpoint.HalfFloats.f16ToFloat;
import static dev.hearth.node.checkpoint.HalfFloats.floatToBf16;
import static dev.hearth.node.checkpoint.HalfFloats.floatToF16;
import static org.assertj.core.api.Assertions.assertThat;

class HalfFloatsTest {

    private static int f16(float v) {
        return floatToF16(v) & 0xFFFF;
    }

    private static int bf16(float v) {
        return floatToBf16(v) & 0xFFFF;
    }

    @Test
    void f16DecodesNormalsSubnormalsZerosInfinitiesAndNaN() {
        assertThat(f16ToFloat((short) 0x3C00)).isEqualTo(1.0f);
        assertThat(f16ToFloat((short) 0xC000)).isEqualTo(-2.0f);
        assertThat(f16ToFloat((short) 0x7BFF)).isEqualTo(65504f);
        assertThat(f16ToFloat((short) 0x0400)).isEqualTo(0x1p-14f);
        assertThat(f16ToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(f16ToFloat((short) 0x03FF)).isEqualTo(1023 * 0x1p-24f);
        assertThat(f16ToFloat((short) 0x8001)).isEqualTo(-0x1p-24f);
        assertThat(Float.floatToRawIntBits(f16ToFloat((short) 0x0000))).isEqualTo(0);
        assertThat(Float.floatToRawIntBits(f16ToFloat((short) 0x8000))).isEqualTo(0x80000000);
        assertThat(f16ToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(f16ToFloat((short) 0xFC00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(f16ToFloat((short) 0x7E00)).isNaN();
        assertThat(f16ToFloat((short) 0x7C01)).isNaN();
    }

    @Test
    void f16RoundsToNearestEven() {
        assertThat(f16(1.0f)).isEqualTo(0x3C00);
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even mantissa.
        assertThat(f16(1 + 0x1p-11f)).isEqualTo(0x3C00);
        assertThat(f16(1 + 3 * 0x1p-11f)).isEqualTo(0x3C02);
        assertThat(f16(1 + 0x1p-11f + 0x1p-20f)).isEqualTo(0x3C01);
        assertThat(f16(65504f)).isEqualTo(0x7BFF);
        assertThat(f16(65519.99f)).isEqualTo(0x7BFF);
        assertThat(f16(65520f)).isEqualTo(0x7C00);
        assertThat(f16(-1e9f)).isEqualTo(0xFC00);
    }

    @Test
    void f16HandlesSubnormalsZerosInfinitiesAndNaN() {
        assertThat(f16(0x1p-24f)).isEqualTo(0x0001);
        assertThat(f16(0x1p-25f)).isEqualTo(0x0000); // tie, to even (zero)
        assertThat(f16(0x1p-25f + 0x1p-40f)).isEqualTo(0x0001);
        assertThat(f16(3 * 0x1p-25f)).isEqualTo(0x0002); // 1.5 units: tie, to even (2)
        assertThat(f16(1023 * 0x1p-24f)).isEqualTo(0x03FF);
        assertThat(f16(1023.5f * 0x1p-24f)).isEqualTo(0x0400); // rounds up into the smallest normal
        assertThat(f16(0x1p-14f)).isEqualTo(0x0400);
        assertThat(f16(-0x1p-24f)).isEqualTo(0x8001);
        assertThat(f16(Float.MIN_VALUE)).isEqualTo(0x0000);
        assertThat(f16(0f)).isEqualTo(0x0000);
        assertThat(f16(-0f)).isEqualTo(0x8000);
        assertThat(f16(Float.POSITIVE_INFINITY)).isEqualTo(0x7C00);
        assertThat(f16(Float.NEGATIVE_INFINITY)).isEqualTo(0xFC00);
        assertThat(f16ToFloat(floatToF16(Float.NaN))).isNaN();
        // A NaN whose payload is only in the low bits must not collapse to infinity.
        assertThat(f16ToFloat(floatToF16(Float.intBitsToFloat(0x7F800001)))).isNaN();
        assertThat(f16(Float.intBitsToFloat(0xFFC00000)) & 0x8000).isEqualTo(0x8000);
    }

    @Test
    void everyF16ValueSurvivesTheRoundTrip() {
        for (int h = 0; h < 0x10000; h++) {
            float f = f16ToFloat((short) h);
            if (Float.isNaN(f)) {
                assertThat(f16ToFloat(floatToF16(f))).isNaN();
            } else {
                assertThat(f16(f)).as("f16 %04x", h).isEqualTo(h);
            }
        }
    }

    @Test
    void f16NarrowingPicksTheNearestValue() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // Magnitudes from deep subnormal to past the F16 range.
            float v = (float) ((random.nextDouble() * 2 - 1) * Math.pow(2, random.nextInt(-30, 18)));
            int h = f16(v);
            if (Math.abs(v) >= 65520f) {
                // Past the midpoint above 65504, round-to-nearest-even overflows to infinity.
                assertThat(h & 0x7FFF).as("value %s", v).isEqualTo(0x7C00);
                continue;
            }
            double error = Math.abs((double) f16ToFloat((short) h) - v);
            for (int neighbour : new int[] {h - 1, h + 1}) {
                if ((neighbour & 0x7FFF) <= 0x7C00 && (neighbour & 0x8000) == (h & 0x8000)) {
                    double other = Math.abs((double) f16ToFloat((short) neighbour) - v);
                    assertThat(error).as("value %s -> %04x vs %04x", v, h, neighbour).isLessThanOrEqualTo(other);
                    if (error == other) {
                        assertThat(h & 1).as("tie for %s goes to even", v).isZero();
                    }
                }
            }
        }
    }

    @Test
    void bf16RoundsToNearestEvenAndKeepsSpecials() {
        assertThat(bf16(1.0f)).isEqualTo(0x3F80);
        assertThat(bf16(1 + 0x1p-8f)).isEqualTo(0x3F80); // tie, to even
        assertThat(bf16(1 + 3 * 0x1p-8f)).isEqualTo(0x3F82); // tie, to even (up)
        assertThat(bf16(1 + 0x1p-8f + 0x1p-20f)).isEqualTo(0x3F81);
        assertThat(bf16(-2.5f)).isEqualTo(0xC020);
        assertThat(bf16(Float.MAX_VALUE)).isEqualTo(0x7F80); // rounds past the largest BF16 to infinity
        assertThat(bf16(Float.POSITIVE_INFINITY)).isEqualTo(0x7F80);
        assertThat(bf16(Float.NEGATIVE_INFINITY)).isEqualTo(0xFF80);
        assertThat(bf16(0f)).isEqualTo(0x0000);
        assertThat(bf16(-0f)).isEqualTo(0x8000);
        assertThat(bf16(Float.intBitsToFloat(0x00008000))).isEqualTo(0x0000); // subnormal tie, to even
        assertThat(bf16(Float.intBitsToFloat(0x00018000))).isEqualTo(0x0002);
        assertThat(bf16(Float.intBitsToFloat(0x00010001))).isEqualTo(0x0001);
        assertThat(bf16ToFloat(floatToBf16(Float.NaN))).isNaN();
        assertThat(bf16ToFloat(floatToBf16(Float.intBitsToFloat(0x7F800001)))).isNaN();
        assertThat(bf16ToFloat((short) 0x3F80)).isEqualTo(1.0f);
        assertThat(bf16ToFloat((short) 0x0001)).isEqualTo(Float.intBitsToFloat(0x00010000));
        assertThat(Float.floatToRawIntBits(bf16ToFloat((short) 0x8000))).isEqualTo(0x80000000);
        for (int b = 0; b < 0x10000; b++) {
            float f = bf16ToFloat((short) b);
            if (!Float.isNaN(f)) {
                assertThat(bf16(f)).isEqualTo(b);
            }
        }
    }
}
