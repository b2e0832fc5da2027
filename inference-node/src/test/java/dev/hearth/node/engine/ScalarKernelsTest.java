package dev.hearth.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference itself: small products worked out by hand, then every method against a
 * double-precision loop that dequantizes with its own reading of each format (not {@link Matrix#get}).
 */
class ScalarKernelsTest {
    private final Kernels k = new ScalarKernels();

    // ---- by hand: W = [[1, 2, 3], [-4, 0.5, 6]] in every format

    private static Matrix small(MatrixFormat f) {
        float[] v = {1, 2, 3, -4, 0.5f, 6};
        switch (f) {
            case F32:
                return new F32Matrix(2, 3, v);
            case BF16: {
                short[] d = new short[6];
                for (int i = 0; i < 6; i++) {
                    d[i] = (short) (Float.floatToIntBits(v[i]) >>> 16); // all six are exact in bf16
                }
                return new Bf16Matrix(2, 3, d);
            }
            case FP8: {
                byte[] d = new byte[6];
                for (int i = 0; i < 6; i++) {
                    d[i] = Fp8E4m3.fromFloat(2 * v[i]); // exact in e4m3; the block scale halves them back
                }
                return new Fp8Matrix(2, 3, d, new float[] {0.5f});
            }
            default:
                return new Int8Matrix(2, 3, new byte[] {2, 4, 6, -8, 1, 12}, new float[] {0.5f, 0.5f});
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixFormat.class)
    void productsOfASmallMatrixWorkedOutByHand(MatrixFormat f) {
        Matrix w = small(f);
        float[] out = new float[4];
        k.matvec(w, new float[] {9, 1, -1, 2}, 1, out, 1); // 1 - 2 + 6, -4 - 0.5 + 12
        assertThat(out).containsExactly(0, 5, 7.5f, 0);

        out = new float[2];
        k.matvec(w, 1, 1, new float[] {1, -1, 2}, 0, out, 0); // the band of row 1 only
        assertThat(out).containsExactly(7.5f, 0);

        out = new float[3];
        k.vecmat(w, 0, 2, new float[] {1, 2}, 0, out, 0); // rows added: 1 - 8, 2 + 1, 3 + 12
        assertThat(out).containsExactly(-7, 3, 15);
        k.vecmat(w, 1, 1, new float[] {2}, 0, out, 0); // 2 * row 1, over the previous contents
        assertThat(out).containsExactly(-8, 1, 12);

        out = new float[4];
        k.matmul(w, new float[] {1, -1, 2, 0, 1, 0}, 2, out); // input 1 picks column 1
        assertThat(out).containsExactly(5, 7.5f, 2, 0.5f);
    }

    @Test
    void elementwiseKernelsWorkedOutByHand() {
        float[] out = new float[3];
        k.rmsnorm(out, 1, new float[] {3, 4}, 0, new float[] {1, 2}, 2, 0f); // rms = sqrt(12.5)
        assertThat(out[1]).isCloseTo((float) (3 / Math.sqrt(12.5)), within(1e-6f));
        assertThat(out[2]).isCloseTo((float) (8 / Math.sqrt(12.5)), within(1e-6f));

        float[] x = {7, 1000, 1000 + (float) Math.log(3)}; // large logits must not overflow
        double odds = Math.exp(x[2] - x[1]); // about 3: ln 3 is rounded to the float spacing at 1000
        k.softmax(x, 1, 2);
        assertThat(x[0]).isEqualTo(7);
        assertThat(x[1]).isCloseTo((float) (1 / (1 + odds)), within(1e-6f)).isCloseTo(0.25f, within(1e-4f));
        assertThat(x[2]).isCloseTo((float) (odds / (1 + odds)), within(1e-6f));

        float[] cos = {5, 0, 1};
        float[] sin = {5, 1, 0};
        float[] v = {1, 0, 0, 2}; // pair 0 turned by 90 degrees, pair 1 by 0
        k.ropeInterleaved(v, 0, 4, cos, sin, 1);
        assertThat(v).containsExactly(0, 1, 0, 2);
        v = new float[] {9, 1, 0, 0, 2}; // pairs (v1, v3) by 90 degrees and (v2, v4) by 0
        k.ropeHalves(v, 1, 4, cos, sin, 1);
        assertThat(v).containsExactly(9, 0, 0, 1, 2);

        float[] gate = {0, 1, -1};
        k.siluMul(gate, 0, new float[] {5, 2, 1}, 0, 3); // silu(g) = g / (1 + e^-g)
        assertThat(gate[0]).isEqualTo(0);
        assertThat(gate[1]).isCloseTo(2 * 0.7310586f, within(1e-6f));
        assertThat(gate[2]).isCloseTo(-0.26894142f, within(1e-6f));

        assertThat(k.dot(new float[] {0, 1, 2, 3}, 1, new float[] {4, 5, 6}, 0, 3)).isEqualTo(32);
        float[] y = {1, 1, 1};
        k.axpy(y, 1, 2, new float[] {3, 4}, 0, 2);
        assertThat(y).containsExactly(1, 7, 9);
    }

    @Test
    void fp8CodesDecodeToTheirE4m3Values() {
        assertThat(Fp8E4m3.toFloat((byte) 0x38)).isEqualTo(1f);    // exponent 7 = bias
        assertThat(Fp8E4m3.toFloat((byte) 0xB8)).isEqualTo(-1f);
        assertThat(Fp8E4m3.toFloat((byte) 0x7E)).isEqualTo(448f);  // largest finite
        assertThat(Fp8E4m3.toFloat((byte) 0x08)).isEqualTo(0x1p-6f); // smallest normal
        assertThat(Fp8E4m3.toFloat((byte) 0x01)).isEqualTo(0x1p-9f); // smallest subnormal
        assertThat(Fp8E4m3.toFloat((byte) 0x80)).isEqualTo(-0f);
        assertThat(Fp8E4m3.toFloat((byte) 0x7F)).isNaN();
        assertThat(Fp8E4m3.toFloat((byte) 0xFF)).isNaN();
        for (int code = 0; code < 256; code++) {
            if ((code & 0x7F) != 0x7F) {
                assertThat(Fp8E4m3.toFloat((byte) code)).as("code %02x", code).isEqualTo((float) e4m3((byte) code));
                assertThat(Fp8E4m3.fromFloat(Fp8E4m3.toFloat((byte) code))).isEqualTo((byte) code);
            }
        }
        assertThat(Fp8E4m3.fromFloat(1.0625f)).isEqualTo((byte) 0x38); // tie between 1 and 1.125: even code
        assertThat(Fp8E4m3.fromFloat(1e6f)).isEqualTo((byte) 0x7E);    // saturates
    }

    // ---- against double-precision loops, 130x200 (two FP8 blocks each way, partial last blocks)

    @ParameterizedTest
    @EnumSource(MatrixFormat.class)
    void matvecMatchesADoubleLoopOnWholeMatrixAndBands(MatrixFormat f) {
        SplittableRandom rnd = new SplittableRandom(7);
        Matrix w = f.random(130, 200, rnd);
        float[] x = MatrixFormat.randomVector(205, rnd);
        int[][] bands = {{0, 130}, {100, 30}, {128, 2}, {5, 1}};
        for (int[] band : bands) {
            float[] out = new float[band[1] + 3];
            k.matvec(w, band[0], band[1], x, 5, out, 3);
            for (int i = 0; i < band[1]; i++) {
                double sum = 0;
                double mag = 0;
                for (int c = 0; c < 200; c++) {
                    double t = value(w, band[0] + i, c) * x[5 + c];
                    sum += t;
                    mag += Math.abs(t);
                }
                assertClose(out[3 + i], sum, mag, f + " matvec row " + (band[0] + i));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixFormat.class)
    void vecmatMatchesADoubleLoopOnBands(MatrixFormat f) {
        SplittableRandom rnd = new SplittableRandom(8);
        Matrix w = f.random(130, 200, rnd);
        float[] x = MatrixFormat.randomVector(132, rnd);
        int[][] bands = {{0, 130}, {120, 10}, {3, 1}};
        for (int[] band : bands) {
            float[] out = new float[202];
            k.vecmat(w, band[0], band[1], x, 2, out, 2);
            for (int c = 0; c < 200; c++) {
                double sum = 0;
                double mag = 0;
                for (int i = 0; i < band[1]; i++) {
                    double t = x[2 + i] * value(w, band[0] + i, c);
                    sum += t;
                    mag += Math.abs(t);
                }
                assertClose(out[2 + c], sum, mag, f + " vecmat column " + c);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(MatrixFormat.class)
    void matmulMatchesADoubleLoop(MatrixFormat f) {
        SplittableRandom rnd = new SplittableRandom(9);
        Matrix w = f.random(130, 200, rnd);
        int n = 5;
        float[] x = MatrixFormat.randomVector(n * 200, rnd);
        float[] out = new float[n * 130];
        k.matmul(w, x, n, out);
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < 130; r++) {
                double sum = 0;
                double mag = 0;
                for (int c = 0; c < 200; c++) {
                    double t = value(w, r, c) * x[i * 200 + c];
                    sum += t;
                    mag += Math.abs(t);
                }
                assertClose(out[i * 130 + r], sum, mag, f + " matmul input " + i + " row " + r);
            }
        }
    }

    @Test
    void elementwiseKernelsMatchDoubleLoops() {
        SplittableRandom rnd = new SplittableRandom(10);
        int n = 300;
        float[] a = MatrixFormat.randomVector(n, rnd);
        float[] b = MatrixFormat.randomVector(n, rnd);
        double dot = 0;
        double mag = 0;
        for (int i = 0; i < n; i++) {
            dot += (double) a[i] * b[i];
            mag += Math.abs((double) a[i] * b[i]);
        }
        assertClose(k.dot(a, 0, b, 0, n), dot, mag, "dot");

        float[] y = b.clone();
        k.axpy(y, 0, -1.5f, a, 0, n);
        for (int i = 0; i < n; i++) {
            assertClose(y[i], b[i] - 1.5 * a[i], Math.abs(b[i]) + Math.abs(1.5 * a[i]), "axpy " + i);
        }

        float[] out = new float[n];
        k.rmsnorm(out, 0, a, 0, b, n, 1e-5f);
        double ss = 0;
        for (float v : a) {
            ss += (double) v * v;
        }
        double inv = 1 / Math.sqrt(ss / n + 1e-5);
        for (int i = 0; i < n; i++) {
            assertClose(out[i], a[i] * inv * b[i], Math.abs(a[i] * inv * b[i]), "rmsnorm " + i);
        }

        float[] s = a.clone();
        k.softmax(s, 0, n);
        double max = Double.NEGATIVE_INFINITY;
        for (float v : a) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (float v : a) {
            z += Math.exp(v - max);
        }
        for (int i = 0; i < n; i++) {
            double p = Math.exp(a[i] - max) / z;
            assertClose(s[i], p, p, "softmax " + i);
        }

        float[] g = a.clone();
        k.siluMul(g, 0, b, 0, n);
        for (int i = 0; i < n; i++) {
            double want = a[i] / (1 + Math.exp(-a[i])) * b[i];
            assertClose(g[i], want, Math.abs(want), "siluMul " + i);
        }
    }

    @Test
    void bothRopesRotateTheirPairsLikeADoubleLoop() {
        SplittableRandom rnd = new SplittableRandom(11);
        int dim = 64;
        double[] angle = new double[dim / 2];
        float[] cos = new float[dim / 2];
        float[] sin = new float[dim / 2];
        for (int i = 0; i < dim / 2; i++) {
            angle[i] = rnd.nextDouble(0, 2 * Math.PI);
            cos[i] = (float) Math.cos(angle[i]);
            sin[i] = (float) Math.sin(angle[i]);
        }
        float[] v = MatrixFormat.randomVector(dim, rnd);
        float[] inter = v.clone();
        float[] halves = v.clone();
        k.ropeInterleaved(inter, 0, dim, cos, sin, 0);
        k.ropeHalves(halves, 0, dim, cos, sin, 0);
        for (int i = 0; i < dim / 2; i++) {
            checkRotated(v[2 * i], v[2 * i + 1], inter[2 * i], inter[2 * i + 1], angle[i]);
            checkRotated(v[i], v[i + dim / 2], halves[i], halves[i + dim / 2], angle[i]);
        }
    }

    private static void checkRotated(float a, float b, float ra, float rb, double angle) {
        double wantA = a * Math.cos(angle) - b * Math.sin(angle);
        double wantB = a * Math.sin(angle) + b * Math.cos(angle);
        assertThat((double) ra).isCloseTo(wantA, within(1e-6));
        assertThat((double) rb).isCloseTo(wantB, within(1e-6));
    }

    // ---- the test's own dequantization, from the formats' definitions

    private static double value(Matrix w, int r, int c) {
        if (w instanceof F32Matrix) {
            return ((F32Matrix) w).data()[r * w.cols() + c];
        }
        if (w instanceof Bf16Matrix) {
            return Float.intBitsToFloat(((Bf16Matrix) w).data()[r * w.cols() + c] << 16);
        }
        if (w instanceof Fp8Matrix) {
            Fp8Matrix m = (Fp8Matrix) w;
            int blockCols = (w.cols() + 127) / 128;
            return e4m3(m.data()[r * w.cols() + c]) * m.scaleInv()[(r / 128) * blockCols + c / 128];
        }
        Int8Matrix m = (Int8Matrix) w;
        return m.data()[r * w.cols() + c] * (double) m.scale()[r];
    }

    /** 1 sign, 4 exponent bits with bias 7, 3 mantissa bits; exponent 0 is subnormal. */
    private static double e4m3(byte b) {
        int exponent = (b >>> 3) & 0xF;
        int mantissa = b & 0x7;
        double magnitude = exponent == 0 ? mantissa / 8.0 * Math.pow(2, -6)
                : (1 + mantissa / 8.0) * Math.pow(2, exponent - 7);
        return b < 0 ? -magnitude : magnitude;
    }

    private static void assertClose(float got, double want, double magnitude, String what) {
        assertThat((double) got).as(what).isCloseTo(want, within(1e-5 * magnitude + 1e-30));
    }
}
