package dev.hearth.controlplane.cli;

import dev.hearth.node.checkpoint.CheckpointException;
import dev.hearth.node.tokenizer.TokenizerException;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.generation.Completion;
import dev.hearth.node.generation.GenerationListener;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.ConfigException;
import dev.hearth.node.model.LoadedModel;
import dev.hearth.node.model.ModelLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Load a checkpoint and complete a prompt.",
                "Prints the completion, then prefill and decode speed in tokens per second."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Checkpoint directory (config.json + safetensors).")
    Path model;

    @Option(names = "--prompt", required = true, description = "Text to complete.")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "32", description = "Tokens to generate at most (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling mass (default ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    KernelOptions kernelOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        SamplingParams params;
        try {
            params = new SamplingParams(temperature, topP, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (maxTokens < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-tokens must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Kernels kernels = kernelOptions.kernels(err);
        LoadedModel loaded;
        try {
            loaded = new ModelLoader(kernels).loadWithTokenizer(model, 4096);
        } catch (ConfigException | CheckpointException | TokenizerException e) {
            throw new UserError(e.getMessage());
        }
        Generator generator = new Generator(loaded.name(), loaded.model(), loaded.tokenizer(), kernels);
        long[] prefill = new long[2];
        long[] decode = new long[2];
        Completion completion;
        try {
            completion = generator.generate(prompt, maxTokens, params, new GenerationListener() {
                long last;

                @Override
                public void prefilled(int tokens, long nanos) {
                    prefill[0] = tokens;
                    prefill[1] = nanos;
                }

                @Override
                public void token(int id) {
                    long now = System.nanoTime();
                    if (decode[0]++ > 0) {
                        decode[1] += now - last; // one decode step (and one sampling) since the previous token
                    }
                    last = now;
                }
            });
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        out.println(completion.text());
        // the first token comes from the prefill's logits; each later one costs one decode step
        long steps = Math.max(0, decode[0] - 1);
        out.printf("prefill: %d tokens in %.1f ms (%.1f tok/s) · decode: %d tokens in %.1f ms (%.1f tok/s) · finish: %s%n",
                prefill[0], prefill[1] / 1e6, prefill[0] / (prefill[1] / 1e9), steps, decode[1] / 1e6,
                steps == 0 ? 0 : steps / (decode[1] / 1e9), completion.finishReason().name().toLowerCase());
        out.flush();
        return 0;
    }
}
