package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true, description = "List the actions waiting for approval.")
public final class ActionsListCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode pending = admin.client().get("/api/actions/pending");
        if (pending.isEmpty()) {
            out.println("no actions wait for approval");
        } else {
            out.printf("%-12s  %-22s  %-8s  %-20s  %s%n", "ID", "ACTION", "NODE", "EXPIRES", "WHY");
        }
        for (JsonNode p : pending) {
            JsonNode a = p.path("action");
            out.printf("%-12s  %-22s  %-8s  %-20s  %s%n", a.path("id").asText(),
                    a.path("type").asText().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    a.path("node").asText(), p.path("expiresAt").asText(), a.path("reason").asText());
        }
        out.flush();
        return 0;
    }
}
