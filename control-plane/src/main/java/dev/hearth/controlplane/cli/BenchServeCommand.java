package dev.hearth.controlplane.cli;

import dev.hearth.node.bench.ServeBench;
import dev.hearth.node.checkpoint.CheckpointException;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.ConfigException;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Measure serving through the continuous-batching scheduler:",
                "aggregate tokens/s at batch 1, 2, 4, 8, 16 and the speedup over batch 1;",
                "TTFT and inter-token P50 / P99 under an open-loop Poisson load (a share of the batch-8 capacity);",
                "then scenarios with mean and P99 latency, TTFT and inter-token P50 / P99, requests/s:",
                "a 512-token generation, long prompt + short answer, 100 concurrent requests."})
public final class BenchServeCommand implements Callable<Integer> {
    private static final int RUNS = 3;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
    Path model;

    @Option(names = "--tokens", defaultValue = "64", description = "Tokens each request generates in the batch sweep (default ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--long-prompt", defaultValue = "1024", description = "Prompt tokens of the retrieval-style scenario (default ${DEFAULT-VALUE}).")
    int longPrompt;

    @Option(names = "--load", defaultValue = "0.7", description = "Offered load of the open-loop run, as a share of the measured batch-8 capacity (default ${DEFAULT-VALUE}).")
    double load;

    @Option(names = "--load-requests", defaultValue = "64", description = "Requests in the open-loop run (default ${DEFAULT-VALUE}).")
    int loadRequests;

    @Mixin
    KernelOptions kernelOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (tokens < 1 || longPrompt < 1 || loadRequests < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--tokens, --long-prompt and --load-requests must be at least 1");
        }
        if (!(load > 0 && load <= 4)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--load must be above 0 and at most 4"
                    + " (a share of the batch-8 capacity: 0.7 is 70 %), got " + load);
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
        // every batch shape the sweep uses gets the JIT's attention before anything is timed
        for (int batch : new int[] {1, 8, 16}) {
            bench.run("warm-up", batch, 16, 32, batch);
        }
        out.printf("aggregate decode: N requests of %d tokens each, all at once, batches of up to N"
                + " (median of %d runs):%n", tokens, RUNS);
        double single = 0;
        double batch8 = 0;
        for (int batch : new int[] {1, 2, 4, 8, 16}) {
            ServeBench.Result r = median(bench, batch);
            single = batch == 1 ? r.tokensPerSecond() : single;
            batch8 = batch == 8 ? r.tokensPerSecond() : batch8;
            out.printf("  batch %2d: %7.1f tok/s  (%.2fx batch 1)  inter-token P50 %.1f ms P99 %.1f ms%n", batch,
                    r.tokensPerSecond(), r.tokensPerSecond() / single, r.p50InterToken() * 1e3, r.p99InterToken() * 1e3);
            out.flush();
        }
        // requests of 16 prompt + `tokens` answer tokens; batch 8's rate is the capacity they are offered a share of
        double perSecond = load * batch8 / tokens;
        out.printf("under load: %d requests (16 prompt + %d answer tokens) arriving as a Poisson process of"
                + " %.2f req/s = %.0f %% of the batch-8 capacity (%.1f tok/s offered), batches of up to 8:%n",
                loadRequests, tokens, perSecond, load * 100, perSecond * tokens);
        print(out, bench.runOpenLoop("open loop", loadRequests, 16, tokens, 8, perSecond, 42));
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

    /** The run of median throughput out of {@link #RUNS}: one run of a few hundred tokens is at the mercy of the machine. */
    private ServeBench.Result median(ServeBench bench, int batch) {
        List<ServeBench.Result> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(bench.run("batch " + batch, batch, 16, tokens, batch));
        }
        runs.sort(Comparator.comparingDouble(ServeBench.Result::tokensPerSecond));
        return runs.get(RUNS / 2);
    }

    private static void print(PrintWriter out, ServeBench.Result r) {
        out.printf("  %s: %.2f s, %.2f req/s, %.1f tok/s; latency mean %.0f ms P99 %.0f ms; TTFT P50 %.0f ms P99 %.0f ms;"
                        + " inter-token P50 %.1f ms P99 %.1f ms%n", r.name(), r.seconds(), r.requestsPerSecond(),
                r.tokensPerSecond(), r.meanLatency() * 1e3, r.p99Latency() * 1e3, r.p50Ttft() * 1e3, r.p99Ttft() * 1e3,
                r.p50InterToken() * 1e3, r.p99InterToken() * 1e3);
        out.flush();
    }
}
