package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure Hearth's engine and placement solver on this machine.",
        subcommands = {BenchEngineCommand.class, BenchRulesCommand.class, BenchServeCommand.class, BenchHopsCommand.class, BenchPlacementCommand.class, BenchIngestCommand.class, BenchFailoverCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed; see hearth bench --help");
    }
}
