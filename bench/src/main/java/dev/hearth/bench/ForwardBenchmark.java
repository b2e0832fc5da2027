package dev.hearth.bench;

import dev.hearth.node.engine.KernelBackends;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.Sequence;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/** One decode step (a token at a given position, its KV cache filled before) of the tiny presets, per backend. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ForwardBenchmark {
    @Param({"16", "256"})
    public int position;

    @Param({"DEEPSEEK_V3", "LLAMA"})
    public Architecture architecture;

    @Param({"scalar", "vector"})
    public String backend;

    private Kernels kernels;
    private DecoderModel model;
    private Sequence sequence;

    @Setup
    public void setUp() {
        kernels = KernelBackends.byName(backend, 2, line -> { });
        model = DecoderModel.generated(ModelPresets.config(architecture, "tiny"), 42, kernels, 512);
        sequence = model.newSequence();
        int[] prompt = new int[position];
        for (int p = 0; p < position; p++) {
            prompt[p] = 'a' + p % 26;
        }
        model.prefill(sequence, prompt);
    }

    @TearDown
    public void tearDown() {
        KernelBackends.close(kernels);
    }

    @Benchmark
    public float[] decodeToken() {
        sequence.truncate(position);
        return model.decode(sequence, 'x');
    }
}
