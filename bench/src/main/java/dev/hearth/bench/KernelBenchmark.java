package dev.hearth.bench;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.ScalarKernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Matrix-vector product of the scalar kernels at the local fleet model's shapes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelBenchmark {
    @Param({"128x128", "344x128", "258x128"})
    public String shape;

    private final Kernels kernels = new ScalarKernels();
    private float[] w;
    private float[] x;
    private float[] out;
    private int rows;
    private int cols;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        rows = Integer.parseInt(parts[0]);
        cols = Integer.parseInt(parts[1]);
        SplittableRandom r = new SplittableRandom(1);
        w = new float[rows * cols];
        x = new float[cols];
        out = new float[rows];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
    }

    @Benchmark
    public float[] matvec() {
        kernels.matvec(new dev.hearth.node.engine.F32Matrix(rows, cols, w), x, 0, out, 0);
        return out;
    }
}
