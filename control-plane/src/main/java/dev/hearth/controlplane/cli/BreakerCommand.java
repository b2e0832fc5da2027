package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "breaker", mixinStandardHelpOptions = true,
        description = {"Show the isolation breaker.",
                "It trips when remediation would isolate more nodes within its window than the guard allows,",
                "and then blocks isolations until an operator resets it: ./hearth breaker reset."},
        subcommands = {BreakerResetCommand.class})
public final class BreakerCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode b = admin.client().get("/api/breaker");
        if (b.path("tripped").asBoolean()) {
            out.printf("tripped at %s: %s%n", b.path("trippedAt").asText(), b.path("reason").asText());
            out.println("isolations are blocked until ./hearth breaker reset");
        } else {
            out.println("closed: isolations go ahead within the guard's limits");
        }
        out.flush();
        return 0;
    }
}
