package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "firings", mixinStandardHelpOptions = true,
        description = "Show the newest rule firings of the running fleet: rule, outcome, node, finding and the facts"
                + " the rule matched.")
public final class RulesFiringsCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--limit", defaultValue = "20", description = "How many firings, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--rule", paramLabel = "NAME", description = "Only the firings of this rule.")
    String rule;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be from 1 to 1000, got " + limit);
        }
        if (rule != null && rule.isBlank()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rule must name a rule");
        }
        String path = "/api/rules/firings?limit=" + limit
                + (rule == null ? "" : "&rule=" + URLEncoder.encode(rule, StandardCharsets.UTF_8).replace("+", "%20"));
        JsonNode firings = admin.client().get(path);
        PrintWriter out = spec.commandLine().getOut();
        if (firings.isEmpty()) {
            out.println(rule == null ? "no rule firings recorded yet" : "no firings of rule \"" + rule + "\" recorded");
        }
        for (JsonNode f : firings) {
            String node = f.path("node").isNull() ? "" : f.path("node").asText();
            String kind = f.path("findingKind").isNull() ? "" : " " + f.path("findingKind").asText();
            out.printf("%s  %-7s %s%s%n", f.path("at").asText(), f.path("outcome").asText().toLowerCase(Locale.ROOT),
                    f.path("rule").asText(), node.isEmpty() && kind.isEmpty() ? "" : " — " + node + kind);
            for (JsonNode fact : f.path("matched")) {
                out.println("    " + fact.asText());
            }
        }
        out.flush();
        return 0;
    }
}
