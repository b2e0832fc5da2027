package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Show the newest remediation decisions from the audit log.")
public final class AuditCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--limit", defaultValue = "20", description = "How many entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode entries = admin.client().get("/api/audit?limit=" + limit);
        if (entries.isEmpty()) {
            out.println("no remediation decisions yet");
        }
        for (JsonNode e : entries) {
            String verdict = e.path("verdict").isTextual() ? " [" + e.path("verdict").asText() + "]" : "";
            String took = e.path("durationMs").isNumber() ? " (" + e.path("durationMs").asLong() + " ms)" : "";
            out.printf("%s  %-12s %-8s %-18s %-16s %s%s%s%s%n", e.path("at").asText(), e.path("actionId").asText(),
                    e.path("node").asText(), e.path("action").asText(), e.path("outcome").asText(),
                    e.path("rule").isNull() ? "" : e.path("rule").asText() + " — ", e.path("reason").asText(),
                    verdict, took);
        }
        out.flush();
        return 0;
    }
}
