package dev.hearth.node.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every method of {@link VectorKernels} against {@link ScalarKernels} on odd and even shapes around
 * the vector width and the 128-wide FP8 blocks, with offsets, row bands, and 1 and 2 threads.
 * Products may differ by float reassociation: the bound is 1e-5 of the sum of the terms' magnitudes.
 */
class VectorKernelsTest {
    private static final int[] SIZES = {1, 3, 7, 8, 9, 127, 128, 129, 257, 300};
    private static final double REL = 1e-5;
    private static final float UNTOUCHED = 42.5f;

    private final Kernels ref = new ScalarKernels();

    @Test
    void nameSaysVectorWidthAndThreads() {
        try (VectorKernels one = new VectorKernels(1); VectorKernels two = new VectorKernels(2)) {
            assertThat(one.name()).matches("vector-\\d+bit x1 thread");
            assertThat(two.name()).matches("vector-\\d+bit x2 threads");
        }
    }

    @Test
    void fewerThanOneThreadIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VectorKernels(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    @Test
    void fp8LanesDecodeEveryNonNanCodeExactlyLikeTheTable() {
        byte[] codes = new byte[256 + VectorLanes.BYTE_SPAN];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) i;
        }
        float[] lanes = new float[VectorLanes.L];
        for (int base = 0; base < 256; base += VectorLanes.L) {
            VectorLanes.fp8(codes, base).intoArray(lanes, 0);
            for (int j = 0; j < VectorLanes.L; j++) {
                int code = base + j;
                if ((code & 0x7F) != 0x7F) {
                    assertThat(Float.floatToRawIntBits(lanes[j])).as("code 0x%02x", code)
                            .isEqualTo(Float.floatToRawIntBits(Fp8E4m3.toFloat((byte) code)));
                }
            }
        }
    }

    @Test
    void fp8MatvecReadsEveryNonNanCodeLikeTheReference() {
        // row k holds code k in every column; x picks column 0, so out[k] is code k's value times its scale
        int cols = 64;
        byte[] d = new byte[256 * cols];
        for (int k = 0; k < 256; k++) {
            Arrays.fill(d, k * cols, (k + 1) * cols, (byte) k);
        }
        float[] scale = {0.5f, 2f};
        Fp8Matrix w = new Fp8Matrix(256, cols, d, scale);
        float[] x = new float[cols];
        x[0] = 1f;
        float[] got = new float[256];
        float[] want = new float[256];
        try (VectorKernels k = new VectorKernels(1)) {
            k.matvec(w, x, 0, got, 0);
        }
        ref.matvec(w, x, 0, want, 0);
        for (int code = 0; code < 256; code++) {
            if ((code & 0x7F) != 0x7F) {
                assertThat(got[code]).as("code 0x%02x", code).isEqualTo(want[code]);
            }
        }
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void matvecMatchesTheReferenceOnWholeMatricesAndBands(int threads) {
        SplittableRandom rnd = new SplittableRandom(101);
        try (VectorKernels k = new VectorKernels(threads)) {
            for (MatrixFormat f : MatrixFormat.values()) {
                for (int rows : SIZES) {
                    for (int cols : SIZES) {
                        Matrix w = f.random(rows, cols, rnd);
                        checkMatvec(k, w, 0, rows, 0, 0, rnd);
                        int start = rows / 3;
                        checkMatvec(k, w, start, rows - start - rows / 5, 3, 5, rnd);
                    }
                }
                Matrix big = f.random(515, 1030, rnd); // several blocks and threads' shares
                checkMatvec(k, big, 0, 515, 0, 0, rnd);
                checkMatvec(k, big, 130, 300, 7, 2, rnd);
            }
        }
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void vecmatMatchesTheReferenceOnWholeMatricesAndBands(int threads) {
        SplittableRandom rnd = new SplittableRandom(202);
        try (VectorKernels k = new VectorKernels(threads)) {
            for (MatrixFormat f : MatrixFormat.values()) {
                for (int rows : SIZES) {
                    for (int cols : SIZES) {
                        Matrix w = f.random(rows, cols, rnd);
                        checkVecmat(k, w, 0, rows, 0, 0, rnd);
                        int start = rows / 3;
                        checkVecmat(k, w, start, rows - start - rows / 5, 4, 9, rnd);
                    }
                }
                Matrix big = f.random(300, 1030, rnd);
                checkVecmat(k, big, 0, 300, 0, 0, rnd);
                checkVecmat(k, big, 127, 130, 1, 3, rnd);
            }
        }
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void matmulMatchesTheReferenceForOneToNineInputs(int threads) {
        SplittableRandom rnd = new SplittableRandom(303);
        int[] rowSizes = {1, 3, 8, 9, 129, 257};
        int[] colSizes = {1, 7, 128, 129, 300};
        try (VectorKernels k = new VectorKernels(threads)) {
            for (MatrixFormat f : MatrixFormat.values()) {
                for (int rows : rowSizes) {
                    for (int cols : colSizes) {
                        Matrix w = f.random(rows, cols, rnd);
                        for (int n = 1; n <= 9; n++) {
                            checkMatmul(k, w, n, rnd);
                        }
                    }
                }
                checkMatmul(k, f.random(301, 520, rnd), 13, rnd);
            }
        }
    }

    /**
     * The GEMM walks bands of rows (about 32 KB of weights, at most 64 rows) in tiles of 4 rows by
     * 4, 2 and 1 inputs: row counts that leave a short last tile in a band and in a thread's share,
     * several bands, columns that leave a scalar tail, and every input count up to 17 (4 + 4 + ...
     * + 1), so that every tile shape meets every remainder.
     */
    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void matmulMatchesTheReferenceForUpToSeventeenInputsAcrossBandsAndTiles(int threads) {
        SplittableRandom rnd = new SplittableRandom(707);
        int[][] shapes = {{2, 16}, {5, 33}, {70, 129}, {133, 300}, {70, 1030}};
        try (VectorKernels k = new VectorKernels(threads)) {
            for (MatrixFormat f : MatrixFormat.values()) {
                for (int[] shape : shapes) {
                    Matrix w = f.random(shape[0], shape[1], rnd);
                    for (int n = 1; n <= 17; n++) {
                        checkMatmul(k, w, n, rnd);
                    }
                }
            }
        }
    }

    /** Rows past 128 change FP8 block scale inside a band; a GEMM big enough to split across threads. */
    @Test
    void matmulMatchesTheReferenceAcrossFp8ScaleBlocksAndThreadShares() {
        SplittableRandom rnd = new SplittableRandom(808);
        try (VectorKernels k = new VectorKernels(2)) {
            for (MatrixFormat f : MatrixFormat.values()) {
                Matrix w = f.random(390, 1100, rnd);
                for (int n : new int[] {2, 3, 8, 11}) {
                    checkMatmul(k, w, n, rnd);
                }
            }
        }
    }

    @Test
    void laneSumsAddEachAccumulatorOfATileInOrder() {
        float[] acc = new float[3 * GemmStores.GROUP];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = (i % 7) - 2.5f + i * 0.001f;
        }
        for (int k : new int[] {4, 8, 16}) {
            float[] got = acc.clone();
            GemmStores.laneSums(got, 3, k);
            for (int g = 0; g < 3; g++) {
                for (int j = 0; j < k; j++) {
                    double want = 0;
                    double mag = 0;
                    for (int l = 0; l < VectorLanes.L; l++) {
                        float a = acc[g * GemmStores.GROUP + j * VectorLanes.L + l];
                        want += a;
                        mag += Math.abs(a);
                    }
                    close(got[g * GemmStores.GROUP + j], (float) want, mag, "k=" + k + " group " + g + " sum " + j);
                }
            }
        }
    }

    @Test
    void elementwiseKernelsMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(404);
        try (VectorKernels k = new VectorKernels(1)) {
            for (int n : SIZES) {
                checkDotAndAxpy(k, n, rnd);
                checkRmsnorm(k, n, rnd);
                checkSoftmax(k, n, rnd);
                checkSiluMul(k, n, rnd);
                checkRope(k, 2 * ((n + 1) / 2), rnd);
            }
        }
    }

    /**
     * Eight callers share one two-thread instance; each result must match the reference. (Not
     * bit-equal to one another: the interpreter's lane reduction adds in another order than C2's.)
     */
    @Test
    void concurrentCallersEachGetTheirOwnCorrectResult() throws Exception {
        SplittableRandom rnd = new SplittableRandom(505);
        Matrix w = MatrixFormat.FP8.random(384, 640, rnd);
        List<float[]> inputs = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            inputs.add(MatrixFormat.randomVector(8 * 640, rnd));
        }
        try (VectorKernels k = new VectorKernels(2)) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (float[] x : inputs) {
                    results.add(callers.submit(() -> {
                        float[] out = new float[8 * 384];
                        for (int rep = 0; rep < 20; rep++) {
                            k.matmul(w, x, 8, out);
                        }
                        return out;
                    }));
                }
                for (int c = 0; c < inputs.size(); c++) {
                    float[] got = results.get(c).get();
                    float[] want = new float[got.length];
                    ref.matmul(w, inputs.get(c), 8, want);
                    for (int i = 0; i < 8; i++) {
                        for (int r = 0; r < 384; r++) {
                            close(got[i * 384 + r], want[i * 384 + r], rowMagnitude(w, r, inputs.get(c), i * 640),
                                    "caller " + c + " input " + i + " row " + r);
                        }
                    }
                }
            } finally {
                callers.shutdown();
            }
        }
    }

    @Test
    void aClosedInstanceStillComputesOnTheCallingThread() {
        SplittableRandom rnd = new SplittableRandom(606);
        VectorKernels k = new VectorKernels(2);
        k.close();
        checkMatvec(k, MatrixFormat.F32.random(300, 300, rnd), 0, 300, 0, 0, rnd);
    }

    // ---- checks: the backend against the reference, with the tolerance scaled by the terms

    private void checkMatvec(Kernels k, Matrix w, int rowStart, int rowCount, int xOff, int outOff,
                             SplittableRandom rnd) {
        float[] x = MatrixFormat.randomVector(xOff + w.cols() + 3, rnd);
        float[] got = filled(outOff + rowCount + 4);
        float[] want = filled(got.length);
        k.matvec(w, rowStart, rowCount, x, xOff, got, outOff);
        ref.matvec(w, rowStart, rowCount, x, xOff, want, outOff);
        String what = "matvec " + describe(w) + " rows " + rowStart + "+" + rowCount;
        for (int i = 0; i < got.length; i++) {
            int r = rowStart + i - outOff;
            double mag = i >= outOff && i < outOff + rowCount ? rowMagnitude(w, r, x, xOff) : 0;
            close(got[i], want[i], mag, what + " out[" + i + "]");
        }
    }

    private void checkVecmat(Kernels k, Matrix w, int rowStart, int rowCount, int xOff, int outOff,
                             SplittableRandom rnd) {
        float[] x = MatrixFormat.randomVector(xOff + rowCount + 2, rnd);
        float[] got = filled(outOff + w.cols() + 4);
        float[] want = filled(got.length);
        k.vecmat(w, rowStart, rowCount, x, xOff, got, outOff);
        ref.vecmat(w, rowStart, rowCount, x, xOff, want, outOff);
        String what = "vecmat " + describe(w) + " rows " + rowStart + "+" + rowCount;
        for (int i = 0; i < got.length; i++) {
            double mag = 0;
            if (i >= outOff && i < outOff + w.cols()) {
                for (int j = 0; j < rowCount; j++) {
                    mag += Math.abs((double) x[xOff + j] * w.get(rowStart + j, i - outOff));
                }
            }
            close(got[i], want[i], mag, what + " out[" + i + "]");
        }
    }

    private void checkMatmul(Kernels k, Matrix w, int n, SplittableRandom rnd) {
        float[] x = MatrixFormat.randomVector(n * w.cols(), rnd);
        float[] got = filled(n * w.rows());
        float[] want = filled(n * w.rows());
        k.matmul(w, x, n, got);
        ref.matmul(w, x, n, want);
        String what = "matmul " + describe(w) + " n=" + n;
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < w.rows(); r++) {
                int o = i * w.rows() + r;
                close(got[o], want[o], rowMagnitude(w, r, x, i * w.cols()), what + " input " + i + " row " + r);
            }
        }
    }

    private void checkDotAndAxpy(Kernels k, int n, SplittableRandom rnd) {
        float[] a = MatrixFormat.randomVector(n + 2, rnd);
        float[] b = MatrixFormat.randomVector(n + 5, rnd);
        double mag = 0;
        for (int i = 0; i < n; i++) {
            mag += Math.abs((double) a[2 + i] * b[5 + i]);
        }
        close(k.dot(a, 2, b, 5, n), ref.dot(a, 2, b, 5, n), mag, "dot n=" + n);
        float[] y1 = MatrixFormat.randomVector(n + 1, rnd);
        float[] y2 = y1.clone();
        k.axpy(y1, 1, 0.75f, b, 3, n);
        ref.axpy(y2, 1, 0.75f, b, 3, n);
        for (int i = 0; i < y1.length; i++) {
            close(y1[i], y2[i], Math.abs(y2[i]) + Math.abs(b[Math.max(0, i + 2)]), "axpy n=" + n + " y[" + i + "]");
        }
    }

    private void checkRmsnorm(Kernels k, int n, SplittableRandom rnd) {
        float[] x = MatrixFormat.randomVector(n + 3, rnd);
        float[] weight = MatrixFormat.randomVector(n, rnd);
        float[] got = filled(n + 2);
        float[] want = filled(n + 2);
        k.rmsnorm(got, 2, x, 3, weight, n, 1e-6f);
        ref.rmsnorm(want, 2, x, 3, weight, n, 1e-6f);
        for (int i = 0; i < got.length; i++) {
            close(got[i], want[i], Math.abs(want[i]), "rmsnorm n=" + n + " out[" + i + "]");
        }
    }

    private void checkSoftmax(Kernels k, int n, SplittableRandom rnd) {
        float[] got = MatrixFormat.randomVector(n + 4, rnd);
        for (int i = 0; i < got.length; i++) {
            got[i] *= 30f; // spread wide enough that the max subtraction matters
        }
        float[] want = got.clone();
        k.softmax(got, 4, n);
        ref.softmax(want, 4, n);
        for (int i = 0; i < got.length; i++) {
            close(got[i], want[i], Math.abs(want[i]), "softmax n=" + n + " x[" + i + "]");
        }
    }

    private void checkSiluMul(Kernels k, int n, SplittableRandom rnd) {
        float[] got = MatrixFormat.randomVector(n + 1, rnd);
        for (int i = 0; i < got.length; i++) {
            got[i] *= 12f;
        }
        float[] want = got.clone();
        float[] up = MatrixFormat.randomVector(n + 6, rnd);
        k.siluMul(got, 1, up, 6, n);
        ref.siluMul(want, 1, up, 6, n);
        for (int i = 0; i < got.length; i++) {
            close(got[i], want[i], Math.abs(want[i]), "siluMul n=" + n + " gate[" + i + "]");
        }
    }

    private void checkRope(Kernels k, int dim, SplittableRandom rnd) {
        float[] cos = new float[dim / 2 + 5];
        float[] sin = new float[dim / 2 + 5];
        for (int i = 0; i < cos.length; i++) {
            double angle = rnd.nextDouble(0, 2 * Math.PI);
            cos[i] = (float) Math.cos(angle);
            sin[i] = (float) Math.sin(angle);
        }
        float[] v = MatrixFormat.randomVector(dim + 3, rnd);
        float[] a = v.clone();
        float[] b = v.clone();
        k.ropeInterleaved(a, 3, dim, cos, sin, 5);
        ref.ropeInterleaved(b, 3, dim, cos, sin, 5);
        assertThat(a).as("ropeInterleaved dim=" + dim).containsExactly(b);
        a = v.clone();
        b = v.clone();
        k.ropeHalves(a, 3, dim, cos, sin, 5);
        ref.ropeHalves(b, 3, dim, cos, sin, 5);
        assertThat(a).as("ropeHalves dim=" + dim).containsExactly(b);
    }

    // ---- helpers

    private static double rowMagnitude(Matrix w, int r, float[] x, int xOff) {
        double mag = 0;
        for (int c = 0; c < w.cols(); c++) {
            mag += Math.abs((double) w.get(r, c) * x[xOff + c]);
        }
        return mag;
    }

    /** Asserts without building a message per element: these loops check about a million values. */
    private static void close(float got, float want, double magnitude, String what) {
        double tolerance = REL * magnitude + Float.MIN_NORMAL;
        if (!(Math.abs((double) got - want) <= tolerance)) {
            fail(what + ": got " + got + ", reference " + want + ", tolerance " + tolerance);
        }
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, UNTOUCHED);
        return a;
    }

    private static String describe(Matrix w) {
        return w.getClass().getSimpleName() + " " + w.rows() + "x" + w.cols();
    }
}
