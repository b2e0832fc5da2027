package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Reject a waiting action: it is recorded and not carried out.")
public final class ActionsRejectCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "The action's id, as ./hearth actions list shows it.")
    String id;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return ActionDecision.send(admin, spec, id, "reject");
    }
}
