package dev.hearth.node.engine;

import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Quick throughput figures for a kernel backend, for a command-line benchmark (JMH in the bench
 * module gives the careful ones): times matvec or matmul on a matrix and returns GFLOP/s, counting
 * a multiply-add as two operations.
 */
public final class KernelSpeed {
    private KernelSpeed() {
    }

    /** GFLOP/s of {@code out = W x} over the whole matrix, warmed up, then timed for about {@code budget}. */
    public static double matvecGflops(Kernels kernels, Matrix w, Duration budget) {
        float[] x = randomVector(w.cols(), 2);
        float[] out = new float[w.rows()];
        return gflops(2.0 * w.rows() * w.cols(), budget, () -> kernels.matvec(w, x, 0, out, 0));
    }

    /** GFLOP/s of the GEMM of {@code n} inputs, warmed up, then timed for about {@code budget}. */
    public static double matmulGflops(Kernels kernels, Matrix w, int n, Duration budget) {
        float[] x = randomVector(n * w.cols(), 3);
        float[] out = new float[n * w.rows()];
        return gflops(2.0 * n * w.rows() * w.cols(), budget, () -> kernels.matmul(w, x, n, out));
    }

    /**
     * A matrix of uniform random weights in {@code format} ({@code f32}, {@code bf16}, {@code fp8} with
     * block scales, or {@code int8} with row scales), built straight from the record constructors.
     */
    public static Matrix randomMatrix(String format, int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = rows * cols;
        switch (format.toLowerCase(Locale.ROOT)) {
            case "f32": {
                float[] d = new float[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (float) rnd.nextDouble(-1, 1);
                }
                return new F32Matrix(rows, cols, d);
            }
            case "bf16": {
                short[] d = new short[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (short) (Float.floatToIntBits((float) rnd.nextDouble(-1, 1)) >>> 16);
                }
                return new Bf16Matrix(rows, cols, d);
            }
            case "fp8": {
                byte[] d = new byte[n];
                for (int i = 0; i < n; i++) {
                    d[i] = Fp8E4m3.fromFloat((float) rnd.nextDouble(-Fp8E4m3.MAX, Fp8E4m3.MAX));
                }
                float[] scale = new float[Fp8Matrix.blockCount(rows) * Fp8Matrix.blockCount(cols)];
                for (int i = 0; i < scale.length; i++) {
                    scale[i] = (float) rnd.nextDouble(0.5, 1.5) / Fp8E4m3.MAX;
                }
                return new Fp8Matrix(rows, cols, d, scale);
            }
            case "int8": {
                byte[] d = new byte[n];
                for (int i = 0; i < n; i++) {
                    d[i] = (byte) rnd.nextInt(-127, 128);
                }
                float[] scale = new float[rows];
                for (int i = 0; i < rows; i++) {
                    scale[i] = (float) rnd.nextDouble(0.5, 1.5) / 127;
                }
                return new Int8Matrix(rows, cols, d, scale);
            }
            default:
                throw new IllegalArgumentException("unknown weight format '" + format + "': use f32, bf16, fp8 or int8");
        }
    }

    private static double gflops(double flopsPerCall, Duration budget, Runnable call) {
        long budgetNanos = budget.toNanos();
        long warmEnd = System.nanoTime() + budgetNanos / 4; // let C2 compile the kernels first
        while (System.nanoTime() < warmEnd) {
            call.run();
        }
        long calls = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            call.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budgetNanos);
        return flopsPerCall * calls / elapsed;
    }

    private static float[] randomVector(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }
}
