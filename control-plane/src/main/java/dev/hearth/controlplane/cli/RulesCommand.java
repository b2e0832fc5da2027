package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Check, test and replay the rules that decide when the fleet acts on its own.",
        subcommands = {RulesCheckCommand.class, RulesTestCommand.class, RulesReplayCommand.class, RulesFiringsCommand.class})
public final class RulesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed; see hearth rules --help");
    }
}
