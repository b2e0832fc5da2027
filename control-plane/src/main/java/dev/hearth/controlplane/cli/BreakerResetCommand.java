package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Close the isolation breaker so remediation may isolate again; the reset is audited.")
public final class BreakerResetCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        JsonNode e = admin.client().post("/api/breaker/reset", Map.of());
        spec.commandLine().getOut().println(e.path("reason").asText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
