package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "actions", mixinStandardHelpOptions = true,
        description = {"Remediation actions that wait for an operator's approval.",
                "Action types run in approval mode (./hearth up --action-modes) wait here until approved,",
                "rejected or expired; the audit log (./hearth audit) records each decision."},
        subcommands = {ActionsListCommand.class, ActionsApproveCommand.class, ActionsRejectCommand.class})
public final class ActionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is needed: actions list, actions approve ID, or actions reject ID");
    }
}
