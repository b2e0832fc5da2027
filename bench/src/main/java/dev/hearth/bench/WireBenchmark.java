package dev.hearth.bench;

import dev.hearth.node.wire.ActivationFrame;
import dev.hearth.node.wire.Activations;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.PayloadEncoding;
import dev.hearth.node.wire.TraceContext;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.AuxCounters;
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

/**
 * Encoding and decoding one activation frame per payload codec: a decode step's single token
 * ({@code 1x7168}, 28 KiB) and a 512-token prefill hand-off ({@code 512x7168}, 14 MiB), gaussian
 * values of scale 1. Besides frames per second, JMH prints the {@code mb} counter per second: MB/s
 * of raw float32 payload (10^6 bytes), whole frame work included (header, CRC32C, copies).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WireBenchmark {
    @Param({"RAW", "LZ4", "LOSSY"})
    public PayloadEncoding codec;

    @Param({"1x7168", "512x7168"})
    public String shape;

    private FrameCodec frames;
    private ActivationFrame frame;
    private byte[] encoded;
    private double megabytes;

    @Setup
    public void setUp() {
        String[] parts = shape.split("x");
        int rows = Integer.parseInt(parts[0]);
        int cols = Integer.parseInt(parts[1]);
        SplittableRandom r = new SplittableRandom(7);
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            // Box–Muller, as SplittableRandom has no nextGaussian on Java 17
            values[i] = (float) (Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble()));
        }
        frames = new FrameCodec(WireConfig.defaults(), new WireMeters(new SimpleMeterRegistry(), "bench"));
        frame = ActivationFrame.hidden("cmpl-bench", "household-1",
                TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 20, 0, 1,
                new Activations(rows, cols, values));
        encoded = frames.encode(frame, codec);
        megabytes = frame.activations().rawBytes() / 1e6;
        System.out.printf("%n%s %s: %d payload bytes raw, frame %d bytes (%.2f:1)%n", codec, shape,
                frame.activations().rawBytes(), encoded.length, (double) frame.activations().rawBytes() / encoded.length);
    }

    /** Raw payload megabytes handled, which JMH divides by the time taken: MB/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Work {
        public double mb;
    }

    @Benchmark
    public byte[] encode(Work work) {
        work.mb += megabytes;
        return frames.encode(frame, codec);
    }

    @Benchmark
    public ActivationFrame decode(Work work) {
        work.mb += megabytes;
        return frames.decode(encoded);
    }
}
