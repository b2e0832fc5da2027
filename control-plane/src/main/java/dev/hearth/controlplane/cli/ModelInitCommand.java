package dev.hearth.controlplane.cli;

import dev.hearth.node.checkpoint.CheckpointException;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.CheckpointGenerator;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.StoredType;
import dev.hearth.node.model.TensorPlan;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a checkpoint of the DeepSeek-V3 (or Llama) architecture with generated weights.",
                "Presets: tiny (tests: 4 layers, 1 dense + 3 MoE, 16 routed experts, top-4 of 2 groups, ~2 MB f32),",
                "small (~280 M parameters: ~560 MB bf16, ~290 MB fp8; decode is memory-bound).",
                "The same seed always writes the same weights."})
public final class ModelInitCommand implements Callable<Integer> {
    /** Shards of at most 2 GiB, so every tensor region stays within one memory mapping. */
    static final long SHARD_BYTES = 2L << 30;

    @Option(names = "--preset", required = true, description = "tiny or small.")
    String preset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New or empty directory to write.")
    Path out;

    @Option(names = "--dtype", defaultValue = "bf16",
            description = "Projection weights: f32, bf16, fp8 (E4M3, 128x128 block scales) or int8 (per-row scales); default ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--arch", defaultValue = "deepseek_v3", description = "deepseek_v3 or llama (default ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the weights (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--shard-size", defaultValue = "2147483648", paramLabel = "BYTES",
            description = "Largest safetensors file before sharding with an index (default 2 GiB).")
    long shardBytes;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ModelConfig config;
        StoredType type;
        try {
            config = ModelPresets.config(architecture(), preset);
            type = StoredType.parse(dtype);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (shardBytes < 1 << 20) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shard-size " + shardBytes + " is below 1 MiB");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long parameters = new TensorPlan(config).parameterCount();
        stdout.printf("writing %s %s (%.2f M parameters, %s) to %s%n", config.architecture().modelType(), preset,
                parameters / 1e6, type.flag(), out);
        stdout.flush();
        ProgressBar generating = new ProgressBar(err, "generating", "M params", 1e6);
        ProgressBar writing = new ProgressBar(err, "writing", "MB", 1e6);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("hearth.preset", preset);
        metadata.put("hearth.seed", Long.toString(seed));
        long start = System.nanoTime();
        try {
            new CheckpointGenerator(Math.min(shardBytes, SHARD_BYTES)).write(config, type, seed, out, metadata,
                    new CheckpointGenerator.Progress() {
                        @Override
                        public void generated(long done, long total) {
                            generating.update(done, total);
                        }

                        @Override
                        public void written(long bytes, long total) {
                            writing.update(bytes, total);
                        }
                    });
        } catch (IllegalArgumentException | CheckpointException | UncheckedIOException e) {
            throw new UserError(e.getMessage());
        }
        stdout.printf("wrote %s in %.1f s; run it with: ./hearth generate --model %s --prompt \"Hello\"%n", out,
                (System.nanoTime() - start) / 1e9, out);
        return 0;
    }

    private Architecture architecture() {
        for (Architecture a : Architecture.values()) {
            if (a.modelType().equals(arch)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown --arch \"" + arch + "\"; choose deepseek_v3 or llama");
    }
}
