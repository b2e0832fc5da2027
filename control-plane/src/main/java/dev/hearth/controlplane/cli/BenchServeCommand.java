package dev.hearth.controlplane.cli;

import dev.hearth.node.bench.ServeBench;
import dev.hearth.node.checkpoint.CheckpointException;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.ConfigException;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Measure serving through the continuous-batching scheduler:",
                "aggregate tokens/s at batch 1, 2, 4, 8, 16 and the speedup over batch 1;",
                "then scenarios with mean and P99 latency, TTFT and inter-token P50 / P99, requests/s:",
                "a 512-token generation, long prompt + short answer, 100 concurrent requests."})
public final class BenchServeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
    Path model;

    @Option(names = "--tokens", defaultValue = "64", description = "Tokens each request generates in the batch sweep (default ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--long-prompt", defaultValue = "1024", description = "Prompt tokens of the retrieval-style scenario (default ${DEFAULT-VALUE}).")
    int longPrompt;

    @Mixin
    KernelOptions kernelOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tokens < 1 || longPrompt < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tokens and --long-prompt must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Kernels kernels = kernelOptions.kernels(spec.commandLine().getErr());
        DecoderModel loaded;
        try {
            loaded = new ModelLoader(kernels).load(model, Math.max(600, longPrompt + 64));
        } catch (ConfigException | CheckpointException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        ServeBench bench = new ServeBench(loaded, kernels);
        out.printf("model: %s (%s), kernels: %s%n", model, loaded.config().architecture().modelType(), kernels.name());
        bench.run("warm-up", 8, 16, 32, 8);
        out.printf("aggregate decode: N requests of %d tokens each, all at once, batches of up to N:%n", tokens);
        double single = 0;
        for (int batch : new int[] {1, 2, 4, 8, 16}) {
            ServeBench.Result r = bench.run("batch " + batch, batch, 16, tokens, batch);
            single = batch == 1 ? r.tokensPerSecond() : single;
            out.printf("  batch %2d: %7.1f tok/s  (%.2fx batch 1)  inter-token P50 %.1f ms P99 %.1f ms%n", batch,
                    r.tokensPerSecond(), r.tokensPerSecond() / single, r.p50InterToken() * 1e3, r.p99InterToken() * 1e3);
            out.flush();
        }
        out.println("scenarios (batches of up to 8):");
        // the presets' contexts bound the scenarios: a tiny model holds 512 positions
        int generation = Math.min(512, loaded.contextLength() - 16);
        int prompt = Math.min(longPrompt, loaded.contextLength() - 16);
        print(out, bench.run("one " + generation + "-token generation", 1, 16, generation, 8));
        print(out, bench.run("long prompt (" + prompt + ") + short answer (16), 8 requests", 8, prompt, 16, 8));
        print(out, bench.run("100 concurrent requests (16 + 16 tokens)", 100, 16, 16, 8));
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, ServeBench.Result r) {
        out.printf("  %s: %.2f s, %.2f req/s, %.1f tok/s; latency mean %.0f ms P99 %.0f ms; TTFT P50 %.0f ms P99 %.0f ms;"
                        + " inter-token P50 %.1f ms P99 %.1f ms%n", r.name(), r.seconds(), r.requestsPerSecond(),
                r.tokensPerSecond(), r.meanLatency() * 1e3, r.p99Latency() * 1e3, r.p50Ttft() * 1e3, r.p99Ttft() * 1e3,
                r.p50InterToken() * 1e3, r.p99InterToken() * 1e3);
        out.flush();
    }
}
