package dev.hearth.controlplane.cli;

import dev.hearth.node.bench.EngineBench;
import dev.hearth.node.bench.KernelRates;
import dev.hearth.node.bench.MachineProbe;
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

@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {"Measure the engine on this machine and a checkpoint:",
                "memory read bandwidth and FMA peak; GEMV and GEMM GFLOP/s per weight format;",
                "decode tokens/s at batch 1 against the memory roofline (active weight bytes per token",
                "over the measured bandwidth); prefill tokens/s against the FMA peak."})
public final class BenchEngineCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
    Path model;

    @Option(names = "--decode-tokens", defaultValue = "128", description = "Decode steps timed (default ${DEFAULT-VALUE}).")
    int decodeTokens;

    @Option(names = "--prefill-tokens", defaultValue = "256", description = "Prompt length for prefill (default ${DEFAULT-VALUE}).")
    int prefillTokens;

    @Mixin
    KernelOptions kernelOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (decodeTokens < 1 || prefillTokens < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--decode-tokens and --prefill-tokens must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Kernels kernels = kernelOptions.kernels(err);
        int threads = kernelOptions.threadCount();
        out.printf("machine: %d cores, %s; kernels: %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"), kernels.name());
        out.flush();

        MachineProbe probe = new MachineProbe(threads);
        double bandwidth = probe.readBandwidth(256L << 20, 16);
        double peak = probe.fmaPeak(50_000_000L, 3);
        out.printf("memory read bandwidth: %.1f GB/s (%d threads, 256 MiB, best of 16)%n", bandwidth / 1e9, threads);
        out.printf("FMA peak: %.1f GFLOP/s (%d threads)%n", peak / 1e9, threads);
        out.flush();

        out.println("kernels on an 8192x8192 weight, larger than any cache (GEMM: 64 inputs):");
        out.printf("  %-5s %12s %12s %12s %10s%n", "dtype", "GEMV GFLOP/s", "GEMV GB/s", "GEMM GFLOP/s", "GEMM/peak");
        new KernelRates(kernels, 8192, 8192, 64).measure(1.0).values().forEach(r -> out.printf(
                "  %-5s %12.2f %12.1f %12.2f %9.1f%%%n", r.format(), r.gemvGflops(), r.gemvGbps(), r.gemmGflops(),
                100 * r.gemmGflops() * 1e9 / peak));
        out.flush();

        DecoderModel loaded;
        try {
            loaded = new ModelLoader(kernels).load(model, Math.max(prefillTokens, decodeTokens + 128));
        } catch (ConfigException | CheckpointException | IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        long active = loaded.weights().activeBytesPerToken();
        out.printf("model: %s, %s, %.1f MB of weights, %.1f MB active per token%n", model,
                loaded.config().architecture().modelType(), loaded.weights().storedBytes() / 1e6, active / 1e6);
        EngineBench.Speed speed = new EngineBench(loaded).measure(decodeTokens, prefillTokens);
        double roofline = bandwidth / active;
        out.printf("decode (batch 1): %.1f tok/s; memory roofline %.1f tok/s (%.1f GB/s / %.1f MB); achieved %.0f%%%n",
                speed.decodeTokensPerSecond(), roofline, bandwidth / 1e9, active / 1e6,
                100 * speed.decodeTokensPerSecond() / roofline);
        EngineBench bench = new EngineBench(loaded);
        double single = 0;
        out.print("decode, batched (aggregate tok/s):");
        for (int batch : new int[] {1, 2, 4, 8, 16}) {
            double rate = bench.batchedDecode(batch, 32);
            single = batch == 1 ? rate : single;
            out.printf("  batch %d %.1f (%.2fx)", batch, rate, rate / single);
            out.flush();
        }
        out.println();
        double prefillFlops = 2.0 * loaded.weights().activeParametersPerToken() * speed.prefillTokensPerSecond();
        out.printf("prefill (%d tokens): %.1f tok/s, ~%.1f GFLOP/s in weight products (%.0f%% of FMA peak)%n",
                speed.prefillTokens(), speed.prefillTokensPerSecond(), prefillFlops / 1e9, 100 * prefillFlops / peak);
        out.flush();
        return 0;
    }
}
