package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "hearth", mixinStandardHelpOptions = true, version = "hearth 0.1.0",
        description = "Hearth keeps a neighbourhood GPU fleet serving one MoE model healthy.",
        subcommands = {UpCommand.class, ModelCommand.class, GenerateCommand.class, BenchCommand.class, ShardCommand.class, CollectCommand.class, StatusCommand.class, InjectCommand.class, LoadCommand.class,
                AuditCommand.class, HouseholdsCommand.class, RulesCommand.class, ActionsCommand.class, BreakerCommand.class, CommandLine.HelpCommand.class})
public final class HearthCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed; see hearth --help");
    }
}
