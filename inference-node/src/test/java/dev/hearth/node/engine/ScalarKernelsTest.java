package dev.hearth.node.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScalarKernelsTest {
    private final Kernels k = new ScalarKernels();

    @Test
    void matvecMultipliesRowMajorMatrix() {
        float[] w = {1, 2, 3, 4, 5, 6}; // 2 x 3
        float[] out = new float[2];
        k.matvec(out, w, new float[]{1, 0, -1}, 2, 3);
        assertThat(out).containsExactly(-2f, -2f);
    }

    @Test
    void rmsnormScalesToUnitRootMeanSquare() {
        float[] out = new float[2];
        k.rmsnorm(out, new float[]{3, 4}, new float[]{1, 2}, 0f);
        double rms = Math.sqrt((9 + 16) / 2.0);
        assertThat(out[0]).isCloseTo((float) (3 / rms), within(1e-6f));
        assertThat(out[1]).isCloseTo((float) (2 * 4 / rms), within(1e-6f));
    }

    @Test
    void softmaxIsStableAndSumsToOne() {
        float[] x = {0, 1000, 1000, 5};
        k.softmax(x, 1, 2);
        assertThat(x[0]).isZero();
        assertThat(x[1]).isCloseTo(0.5f, within(1e-6f));
        assertThat(x[2]).isCloseTo(0.5f, within(1e-6f));
        assertThat(x[3]).isEqualTo(5f);
    }

    @Test
    void ropeIsIdentityAtPositionZeroAndKeepsNorm() {
        float[] v = {1, 2, 3, 4};
        RotaryTable table = new RotaryTable(4, 8, 10_000f);
        k.rope(v, 0, 4, table.cos(), table.sin(), table.offset(0));
        assertThat(v).containsExactly(1f, 2f, 3f, 4f);
        k.rope(v, 0, 4, table.cos(), table.sin(), table.offset(7));
        // first pair rotates by 7 rad, second by 7 * 10000^-0.5 rad
        assertThat(v[0]).isCloseTo((float) (Math.cos(7) - 2 * Math.sin(7)), within(1e-5f));
        assertThat(v[1]).isCloseTo((float) (Math.sin(7) + 2 * Math.cos(7)), within(1e-5f));
        assertThat(v[0] * v[0] + v[1] * v[1]).isCloseTo(5f, within(1e-4f));
        assertThat(v[2] * v[2] + v[3] * v[3]).isCloseTo(25f, within(1e-4f));
    }

    @Test
    void siluMulGatesTheUpProjection() {
        float[] gate = {0, 2};
        k.siluMul(gate, new float[]{5, 3}, 2);
        assertThat(gate[0]).isZero();
        assertThat(gate[1]).isCloseTo((float) (2 / (1 + Math.exp(-2)) * 3), within(1e-6f));
    }

    @Test
    void dotAndAxpyHonourOffsets() {
        float[] a = {9, 1, 2, 3};
        float[] b = {4, 5, 6, 9};
        assertThat(k.dot(a, 1, b, 0, 3)).isEqualTo(4 + 10 + 18f);
        float[] y = {1, 1, 1};
        k.axpy(y, 1, 2f, b, 2, 2);
        assertThat(y).containsExactly(1f, 13f, 19f);
    }
}
