package dev.hearth.node.checkpoint;

import dev.hearth.node.engine.Fp8E4m3;
import dev.hearth.node.engine.Fp8Matrix;
import dev.hearth.node.engine.Int8Matrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantizerTest {

    /** Row-major values with a different magnitude per 128×128 block and an all-zero block at (0, 1). */
    static float[] blockyValues(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double magnitude = Math.pow(10, (r / 128) * 2 - (c / 128));
                v[r * cols + c] = r < 128 && c >= 128 ? 0f : (float) ((random.nextDouble() * 2 - 1) * magnitude);
            }
        }
        return v;
    }

    /**
     * Spacing of E4M3 values around magnitude {@code x}: with 3 mantissa bits, values in
     * [2^e, 2^(e+1)) for e >= -6 are 2^(e-3) apart; below 2^-6 (subnormals) they are 2^-9 apart.
     */
    static double e4m3Spacing(double x) {
        if (x < 0x1p-6) {
            return 0x1p-9;
        }
        return Math.pow(2, Math.getExponent(x) - 3);
    }

    @Test
    void fp8ErrorStaysWithinHalfASpacingOfTheScaledValue() {
        int rows = 200;
        int cols = 130; // neither a multiple of 128: blocks of 128 and 72 rows, 128 and 2 columns
        float[] v = blockyValues(rows, cols, 11);
        Fp8Matrix m = Fp8BlockQuantizer.quantize(v, rows, cols);
        assertThat(m.scaleInv()).hasSize(4);

        for (int br = 0; br < 2; br++) {
            for (int bc = 0; bc < 2; bc++) {
                float amax = 0;
                for (int r = br * 128; r < Math.min(rows, br * 128 + 128); r++) {
                    for (int c = bc * 128; c < Math.min(cols, bc * 128 + 128); c++) {
                        amax = Math.max(amax, Math.abs(v[r * cols + c]));
                    }
                }
                float expected = amax == 0 ? 1f : amax / 448f;
                assertThat(m.scaleInv()[br * 2 + bc]).as("block (%d, %d)", br, bc).isEqualTo(expected);
            }
        }
        assertThat(m.scaleInv()[1]).as("the all-zero block").isEqualTo(1f);

        // Quantizing x = v / s rounds to the nearest E4M3 value, so |q - x| <= spacing(|x|) / 2 and the
        // dequantized error is s * spacing(|x|) / 2. Since |x| <= 448, that is at most s * 16 = amax / 28,
        // and for |x| >= 2^-6 at most |v| / 16. Float rounding in v / s and q * s adds at most two ulps
        // of amax.
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float s = m.scaleInv()[(r / 128) * 2 + c / 128];
                float value = v[r * cols + c];
                double x = Math.abs(value / s);
                double amax = s * 448.0;
                double bound = s * e4m3Spacing(x) / 2 + 2 * Math.ulp((float) amax);
                double error = Math.abs((double) m.get(r, c) - value);
                assertThat(error).as("(%d, %d) value %s", r, c, value).isLessThanOrEqualTo(bound);
                assertThat(error).isLessThanOrEqualTo(amax / 28 + 2 * Math.ulp((float) amax));
                if (x >= 0x1p-6) {
                    assertThat(error).isLessThanOrEqualTo(Math.abs(value) / 16 + 2 * Math.ulp((float) amax));
                }
            }
        }
    }

    @Test
    void fp8StoresTheEncodedScaledValue() {
        float[] v = {448f, -224f, 1f, 0f, 0.5f, -0.0f};
        Fp8Matrix m = Fp8BlockQuantizer.quantize(v, 2, 3);
        assertThat(m.scaleInv()).containsExactly(1f);
        for (int i = 0; i < v.length; i++) {
            assertThat(m.data()[i]).isEqualTo(Fp8E4m3.fromFloat(v[i]));
        }
        assertThat(m.get(0, 0)).isEqualTo(448f);
        assertThat(m.get(0, 1)).isEqualTo(-224f);
        assertThat(m.get(1, 1)).isEqualTo(0.5f);
    }

    @Test
    void int8ErrorIsAtMostHalfAScaleStep() {
        int rows = 37;
        int cols = 300;
        float[] v = blockyValues(rows, cols, 5);
        v[3 * cols + 7] = 0; // keep some zeros
        for (int c = 0; c < cols; c++) {
            v[5 * cols + c] = 0; // an all-zero row
        }
        Int8Matrix m = Int8Quantizer.quantize(v, rows, cols);
        for (int r = 0; r < rows; r++) {
            float amax = 0;
            for (int c = 0; c < cols; c++) {
                amax = Math.max(amax, Math.abs(v[r * cols + c]));
            }
            float scale = m.scale()[r];
            assertThat(scale).isEqualTo(amax == 0 ? 1f : amax / 127f);
            for (int c = 0; c < cols; c++) {
                byte q = m.data()[r * cols + c];
                assertThat(q).isBetween((byte) -127, (byte) 127);
                double error = Math.abs((double) m.get(r, c) - v[r * cols + c]);
                assertThat(error).as("(%d, %d)", r, c).isLessThanOrEqualTo(scale / 2.0 + 2 * Math.ulp(amax));
            }
        }
        assertThat(m.scale()[5]).isEqualTo(1f);
        assertThat(m.data()[5 * cols]).isZero();
    }

    @Test
    void int8MapsTheRowMaximumTo127() {
        Int8Matrix m = Int8Quantizer.quantize(new float[] {-2f, 1.2f, 0.5f, 2f}, 1, 4);
        assertThat(m.data()).containsExactly(-127, 76, 32, 127);
        assertThat(m.scale()).containsExactly(2f / 127f);
    }

    @Test
    void quantizersRefuseNonFiniteOrMisSizedInput() {
        assertThatThrownBy(() -> Fp8BlockQuantizer.quantize(new float[] {1f, Float.NaN}, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1) is NaN");
        assertThatThrownBy(() -> Int8Quantizer.quantize(new float[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 values, got 3");
    }
}
