package dev.hearth.bench;

import dev.hearth.node.engine.KernelBackends;
import dev.hearth.node.engine.KernelSpeed;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.Matrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * GEMV (decode: one token) and GEMM (prefill: {@code batch} tokens) for each weight format on the
 * scalar and Vector API backends. Besides calls per second, JMH prints the {@code gflop} counter per
 * second: GFLOP/s, counting 2 · rows · cols · (1 or batch) per call.
 *
 * <p>The forked JVM gets the Vector API module through {@code jvmArgsAppend}; the launching JVM
 * needs no flag. {@code -p threads=2} splits the vector backend's products across two threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class KernelBenchmark {
    @Param({"scalar", "vector"})
    public String backend;

    @Param({"f32", "bf16", "fp8", "int8"})
    public String format;

    @Param({"2048x2048"})
    public String shape;

    @Param({"1"})
    public int threads;

    @Param({"32"})
    public int batch;

    private Kernels kernels;
    private Matrix w;
    private float[] x;
    private float[] out;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        int rows = Integer.parseInt(parts[0]);
        int cols = Integer.parseInt(parts[1]);
        kernels = KernelBackends.byName(backend, threads, line -> { });
        w = KernelSpeed.randomMatrix(format, rows, cols, 1);
        SplittableRandom r = new SplittableRandom(2);
        x = new float[batch * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        out = new float[batch * rows];
    }

    @TearDown
    public void tearDown() {
        KernelBackends.close(kernels);
    }

    /** Floating-point work done, which JMH divides by the time taken: GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public double gflop;
    }

    @Benchmark
    public float[] gemv(Work work) {
        kernels.matvec(w, x, 0, out, 0);
        work.gflop += 2e-9 * w.rows() * w.cols();
        return out;
    }

    @Benchmark
    public float[] gemm(Work work) {
        kernels.matmul(w, x, batch, out);
        work.gflop += 2e-9 * w.rows() * w.cols() * batch;
        return out;
    }
}
