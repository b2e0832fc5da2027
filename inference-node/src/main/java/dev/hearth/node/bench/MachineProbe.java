package dev.hearth.node.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the two ceilings engine speed is judged against, on the threads the kernels use: memory
 * read bandwidth (a vectorised sum over an array far larger than any cache) and the FMA peak
 * (independent fused multiply-add chains kept in registers).
 */
public final class MachineProbe {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final int threads;

    public MachineProbe(int threads) {
        this.threads = threads;
    }

    /** Best of {@code rounds} full reads of {@code bytes} of floats, in bytes per second. */
    public double readBandwidth(long bytes, int rounds) {
        float[] data = new float[Math.toIntExact(bytes / 4)];
        for (int i = 0; i < data.length; i += 1024) {
            data[i] = i; // touch every page so the first round does not measure page faults
        }
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            parallel(t -> {
                int chunk = data.length / threads;
                int from = t * chunk;
                int to = t == threads - 1 ? data.length : from + chunk;
                return sum(data, from, to);
            });
            best = Math.max(best, (double) data.length * 4 / ((System.nanoTime() - start) / 1e9));
        }
        return best;
    }

    /** Best of {@code rounds} runs of register-resident FMA chains, in FLOP per second (an FMA is 2). */
    public double fmaPeak(long iterations, int rounds) {
        double best = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            parallel(t -> fmaChains(iterations, t));
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 2.0 * S.length() * 8 * iterations * threads / seconds);
        }
        return best;
    }

    private static float sum(float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int step = S.length() * 4;
        int i = from;
        for (; i + step <= to; i += step) {
            s0 = s0.add(FloatVector.fromArray(S, a, i));
            s1 = s1.add(FloatVector.fromArray(S, a, i + S.length()));
            s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * S.length()));
            s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * S.length()));
        }
        float total = s0.add(s1).add(s2).add(s3).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) {
            total += a[i];
        }
        return total;
    }

    /** Eight independent chains: enough to cover FMA latency on current x86 and ARM cores. */
    private static float fmaChains(long iterations, int seed) {
        FloatVector a = FloatVector.broadcast(S, 0.999f);
        FloatVector b = FloatVector.broadcast(S, 0.0001f * (seed + 1));
        FloatVector c0 = FloatVector.broadcast(S, 1f);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    private interface Task {
        float run(int thread);
    }

    private void parallel(Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Float>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                calls.add(() -> task.run(id));
            }
            float sink = 0;
            for (Future<Float> f : pool.invokeAll(calls)) {
                sink += f.get();
            }
            if (Float.isNaN(sink)) {
                throw new IllegalStateException("probe produced NaN");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("probe interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("probe failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
