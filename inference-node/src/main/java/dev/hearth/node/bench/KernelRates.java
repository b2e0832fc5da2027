package dev.hearth.node.bench;

import dev.hearth.node.checkpoint.Fp8BlockQuantizer;
import dev.hearth.node.checkpoint.HalfFloats;
import dev.hearth.node.checkpoint.Int8Quantizer;
import dev.hearth.node.engine.Bf16Matrix;
import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.Matrix;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * GEMV (decode's matrix-vector product) and GEMM (prefill's matrix-matrix product) throughput of a
 * kernel backend for each stored weight format, on one weight matrix per format.
 */
public final class KernelRates {
    /** One result: the format, GEMV and GEMM in GFLOP/s, and GEMV's weight-stream rate in GB/s. */
    public record Rate(String format, double gemvGflops, double gemvGbps, double gemmGflops) {
    }

    private final Kernels kernels;
    private final int rows;
    private final int cols;
    private final int batch;

    public KernelRates(Kernels kernels, int rows, int cols, int batch) {
        this.kernels = kernels;
        this.rows = rows;
        this.cols = cols;
        this.batch = batch;
    }

    public Map<String, Rate> measure(double secondsEach) {
        float[] values = new float[rows * cols];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1) * 0.05f;
        }
        short[] bf16 = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bf16[i] = HalfFloats.floatToBf16(values[i]);
        }
        Map<String, Matrix> formats = new LinkedHashMap<>();
        formats.put("F32", new F32Matrix(rows, cols, values));
        formats.put("BF16", new Bf16Matrix(rows, cols, bf16));
        formats.put("FP8", Fp8BlockQuantizer.quantize(values, rows, cols));
        formats.put("INT8", Int8Quantizer.quantize(values, rows, cols));
        Map<String, Rate> rates = new LinkedHashMap<>();
        float[] x = new float[batch * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] out = new float[batch * rows];
        for (Map.Entry<String, Matrix> e : formats.entrySet()) {
            Matrix m = e.getValue();
            double gemvSeconds = time(() -> kernels.matvec(m, x, 0, out, 0), secondsEach);
            double gemmSeconds = time(() -> kernels.matmul(m, x, batch, out), secondsEach);
            double flops = 2.0 * rows * cols;
            rates.put(e.getKey(), new Rate(e.getKey(), flops / gemvSeconds / 1e9, m.storedBytes() / gemvSeconds / 1e9,
                    flops * batch / gemmSeconds / 1e9));
        }
        return rates;
    }

    /** Seconds per call: warm up, then repeat for about {@code seconds} and take the mean of the best half. */
    static double time(Runnable call, double seconds) {
        for (int i = 0; i < 3; i++) {
            call.run();
        }
        long budget = (long) (seconds * 1e9);
        long started = System.nanoTime();
        double best = Double.MAX_VALUE;
        int calls = 0;
        while (System.nanoTime() - started < budget || calls < 3) {
            long t = System.nanoTime();
            call.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
            calls++;
        }
        return best;
    }
}
