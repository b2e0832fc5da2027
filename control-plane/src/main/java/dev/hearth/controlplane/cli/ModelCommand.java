package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Work with model checkpoints (Hugging Face layout: config.json + safetensors).",
        subcommands = {ModelInitCommand.class})
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed; see hearth model --help");
    }
}
