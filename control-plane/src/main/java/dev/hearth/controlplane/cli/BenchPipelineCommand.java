package dev.hearth.controlplane.cli;

import dev.hearth.node.bench.PipelineBench;
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

@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Measure what pipeline parallelism costs per token: greedy decode on one node, then the",
                "model split into stages behind real TCP on loopback, and the software overhead of each",
                "round trip to a stage (frames are lossless, so both decode the same tokens); medians of 5 rounds."})
public final class BenchPipelineCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
    Path model;

    @Option(names = "--stages", defaultValue = "3", description = "Pipeline stages (default ${DEFAULT-VALUE}).")
    int stages;

    @Option(names = "--tokens", defaultValue = "64", description = "Tokens decoded each way (default ${DEFAULT-VALUE}).")
    int tokens;

    @Mixin
    KernelOptions kernelOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tokens < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tokens must be at least 1, got " + tokens);
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
            PipelineBench.Result r = new PipelineBench(source.config(), source.weights(), kernels, codec)
                    .run(stages, tokens);
            out.printf("model: %s (%s, %d layers), kernels: %s%n", model, source.config().architecture().modelType(),
                    source.config().numHiddenLayers(), kernels.name());
            out.printf("one node:          %8.1f tok/s%n", r.wholeTokensPerSecond());
            out.printf("%d stages (TCP):    %8.1f tok/s, same tokens%n", r.stages(), r.splitTokensPerSecond());
            out.printf("per round trip to a stage: %.0f µs of software overhead per token (%d-byte hidden state"
                    + " each way; on 10 GbE the wire adds ~%.1f µs)%n", r.microsPerRoundTrip(), r.frameBytes(),
                    2 * r.frameBytes() * 8 / 10e9 * 1e6);
            out.flush();
            return 0;
        } catch (ConfigException | CheckpointException e) {
            throw new UserError(e.getMessage());
        }
    }
}
