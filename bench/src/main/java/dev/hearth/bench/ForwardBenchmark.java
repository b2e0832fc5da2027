package dev.hearth.bench;

import dev.hearth.node.engine.ModelConfig;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.engine.Transformer;
import dev.hearth.node.engine.WeightGenerator;
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

import java.util.concurrent.TimeUnit;

/** One decode step (a token at a given position, its KV cache filled before) of the local fleet's model. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardBenchmark {
    @Param({"16", "256"})
    public int position;

    private Transformer model;
    private Transformer.State state;

    @Setup
    public void setUp() {
        model = new Transformer(new WeightGenerator().generate(ModelConfig.localFleet(), 42), new ScalarKernels());
        state = model.newState();
        for (int p = 0; p < position; p++) {
            model.forward(state, 'a' + p % 26, p);
        }
    }

    @Benchmark
    public float[] decodeToken() {
        return model.forward(state, 'x', position);
    }
}
