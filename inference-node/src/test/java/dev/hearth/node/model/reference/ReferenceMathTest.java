package dev.hearth.node.model.reference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReferenceMathTest {
    private static final double EXACT = 1e-15;

    @Test
    void rmsNormDividesByTheRootMeanSquareAndScales() {
        // (3, 4): mean square (9 + 16) / 2 = 12.5, so x / sqrt(12.5); weights 1 and 2
        double[] y = ReferenceMath.rmsNorm(new double[]{3, 4}, new float[]{1, 2}, 0);
        assertThat(y[0]).isCloseTo(3 / Math.sqrt(12.5), within(EXACT));
        assertThat(y[1]).isCloseTo(2 * 4 / Math.sqrt(12.5), within(EXACT));
        // a normed vector with unit weights has mean square 1
        assertThat((y[0] * y[0] + y[1] * y[1] / 4) / 2).isCloseTo(1, within(EXACT));
    }

    @Test
    void rmsNormAddsEpsInsideTheRoot() {
        // ones: mean square 1; eps 1 makes the divisor sqrt(2)
        double[] y = ReferenceMath.rmsNorm(new double[]{1, 1, 1, 1}, new float[]{1, 1, 1, 1}, 1.0);
        for (double v : y) {
            assertThat(v).isCloseTo(1 / Math.sqrt(2), within(EXACT));
        }
        // a zero vector stays zero rather than dividing by zero
        assertThat(ReferenceMath.rmsNorm(new double[]{0, 0}, new float[]{1, 1}, 1e-6)).containsExactly(0, 0);
    }

    @Test
    void rmsNormIgnoresTheScaleOfItsInput() {
        double[] a = ReferenceMath.rmsNorm(new double[]{1, -2, 3}, new float[]{0.5f, 1, 2}, 0);
        double[] b = ReferenceMath.rmsNorm(new double[]{10, -20, 30}, new float[]{0.5f, 1, 2}, 0);
        for (int i = 0; i < 3; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-14));
        }
    }

    @Test
    void matVecIsRowMajorWeightTimesInput() {
        // [[1, 2, 3], [4, 5, 6]] . (1, 0, -1) = (-2, -2)
        double[] y = ReferenceMath.matVec(new float[]{1, 2, 3, 4, 5, 6}, 2, 3, new double[]{1, 0, -1});
        assertThat(y).containsExactly(-2, -2);
    }

    @Test
    void softmaxSiluAndSigmoidHaveTheirTextbookValues() {
        double[] v = {0, Math.log(3)};
        ReferenceMath.softmaxInPlace(v);
        assertThat(v[0]).isCloseTo(0.25, within(EXACT));
        assertThat(v[1]).isCloseTo(0.75, within(EXACT));
        // huge scores do not overflow
        double[] big = {1000, 1000};
        ReferenceMath.softmaxInPlace(big);
        assertThat(big).containsExactly(0.5, 0.5);

        assertThat(ReferenceMath.sigmoid(Math.log(3))).isCloseTo(0.75, within(EXACT));
        assertThat(ReferenceMath.silu(Math.log(3))).isCloseTo(0.75 * Math.log(3), within(EXACT));
        assertThat(ReferenceMath.silu(0)).isZero();
    }
}
