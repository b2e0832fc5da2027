package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Show every household with its quotas.",
                "KEY is the whole key only where the fleet still holds it (the local fleet's",
                "demo households); otherwise its first characters, as keys are stored hashed."})
public final class HouseholdsListCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode households = admin.client().get("/api/households");
        if (households.isEmpty()) {
            out.println("no households yet; add one with ./hearth households add NAME");
        } else {
            int nameWidth = "NAME".length();
            int keyWidth = "KEY".length();
            for (JsonNode h : households) {
                nameWidth = Math.max(nameWidth, h.path("name").asText().length());
                keyWidth = Math.max(keyWidth, key(h).length());
            }
            String row = "%-" + nameWidth + "s  %-" + keyWidth + "s  %10s  %10s  %9s  %6s%n";
            out.printf(row, "NAME", "KEY", "TOKENS/MIN", "CONCURRENT", "KV BLOCKS", "WEIGHT");
            for (JsonNode h : households) {
                out.printf(row, h.path("name").asText(), key(h), h.path("tokensPerMinute").asText(),
                        h.path("maxConcurrent").asText(), h.path("maxKvBlocks").asText(),
                        h.path("weight").asText());
            }
        }
        out.flush();
        return 0;
    }

    private static String key(JsonNode household) {
        JsonNode key = household.path("key");
        return key.isTextual() ? key.asText() : household.path("keyPrefix").asText() + "…";
    }
}
