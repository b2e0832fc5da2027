package dev.hearth.controlplane.cli;

import dev.hearth.node.bench.HopsBench;
import dev.hearth.node.checkpoint.CheckpointException;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.CheckpointSource;
import dev.hearth.node.model.ConfigException;
import dev.hearth.node.model.ModelLoader;
import dev.hearth.node.wire.AdaptiveCodecPolicy;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "hops", mixinStandardHelpOptions = true,
        description = {"Measure what pipeline hops cost on loopback (real TCP, lossless activation frames):",
                "per-hop software overhead P50 / P99 (the peer's compute excluded), greedy decode tokens/s",
                "against the number of stages, and the token on which a stage's node is lost (failover to its",
                "replica and replay). Every split decodes the tokens one node decodes."})
public final class BenchHopsCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
    Path model;

    @Option(names = "--stages", defaultValue = "3", description = "Most pipeline stages to measure (default ${DEFAULT-VALUE}).")
    int stages;

    @Option(names = "--tokens", defaultValue = "64", description = "Tokens decoded per run (default ${DEFAULT-VALUE}).")
    int tokens;

    @Mixin
    KernelOptions kernelOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tokens < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tokens must be at least 2, got " + tokens);
        }
        PrintWriter out = spec.commandLine().getOut();
        Kernels kernels = kernelOptions.kernels(spec.commandLine().getErr());
        FrameCodec codec = new FrameCodec(WireConfig.defaults().withPolicy(AdaptiveCodecPolicy.lossless()),
                new WireMeters(new SimpleMeterRegistry(), "bench"));
        try (CheckpointSource source = new ModelLoader(kernels).open(model)) {
            if (stages < 2 || stages > source.config().numHiddenLayers()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--stages must be from 2 to the model's "
                        + source.config().numHiddenLayers() + " layers, got " + stages);
            }
            HopsBench.Result r = new HopsBench(source.config(), source.weights(), kernels, codec).run(stages, tokens);
            long frame = 4L * source.config().hiddenSize();
            out.printf("model: %s (%s, %d layers), kernels: %s%n", model, source.config().architecture().modelType(),
                    source.config().numHiddenLayers(), kernels.name());
            out.printf("per-hop overhead on loopback (send + receive, the peer's compute excluded), %d hops:"
                    + " P50 %.0f µs, P99 %.0f µs; the peer's compute P50 %.0f µs; a %d-byte hidden state takes"
                    + " ~%.1f µs each way on 10 GbE%n", r.hops(), r.overheadP50Micros(), r.overheadP99Micros(),
                    r.computeP50Micros(), frame, frame * 8 / 10e9 * 1e6);
            out.printf("greedy decode, %d tokens (median of 3):%n", r.tokens());
            for (int s = 0; s < r.tokensPerSecond().length; s++) {
                out.printf("  %d stage%s: %8.1f tok/s%s%n", s + 1, s == 0 ? " " : "s", r.tokensPerSecond()[s],
                        s == 0 ? "  (one node)" : "  (same tokens)");
            }
            out.printf("failover: the last stage's node closed mid-decode; that token took %.1f ms against %.1f ms"
                    + " normally (the replica took over and replayed %d tokens); the tokens matched one node's%n",
                    r.failoverMillis(), r.normalTokenMillis(), r.replayedTokens());
            out.flush();
            return 0;
        } catch (ConfigException | CheckpointException e) {
            throw new UserError(e.getMessage());
        }
    }
}
