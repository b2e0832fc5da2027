package dev.hearth.controlplane.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve a waiting action: the guard checks it against the fleet as it is now, then it is carried out.")
public final class ActionsApproveCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "ID", description = "The action's id, as ./hearth actions list shows it.")
    String id;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return ActionDecision.send(admin, spec, id, "approve");
    }
}
