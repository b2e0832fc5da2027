package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.controlplane.households.HouseholdName;
import dev.hearth.node.households.HouseholdQuota;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Register a household and print its API key, once.",
                "Quotas left out are a standard household's:",
                "20000 tokens a minute, 4 requests at once, 256 KV blocks, weight 1."})
public final class HouseholdsAddCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "1 to 40 characters of a-z, 0-9 and '-', e.g. maple-street-12.")
    String name;

    @Option(names = "--tokens-per-minute", paramLabel = "N",
            description = "Tokens a minute (max_tokens plus prompt bytes of each request).")
    Integer tokensPerMinute;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Requests in flight at once.")
    Integer maxConcurrent;

    @Option(names = "--kv-blocks", paramLabel = "N", description = "KV-cache blocks its sequences may hold on a node.")
    Integer kvBlocks;

    @Option(names = "--weight", paramLabel = "W", description = "Its share when requests queue (2 = twice the share of 1).")
    Double weight;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        HouseholdQuota standard = HouseholdQuota.standard();
        try {
            HouseholdName.requireValid(name);
            new HouseholdQuota(tokensPerMinute == null ? standard.tokensPerMinute() : tokensPerMinute,
                    maxConcurrent == null ? standard.maxConcurrent() : maxConcurrent,
                    kvBlocks == null ? standard.maxKvBlocks() : kvBlocks,
                    weight == null ? standard.weight() : weight);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        putIfSet(body, "tokensPerMinute", tokensPerMinute);
        putIfSet(body, "maxConcurrent", maxConcurrent);
        putIfSet(body, "maxKvBlocks", kvBlocks);
        putIfSet(body, "weight", weight);
        JsonNode h = admin.client().post("/api/households", body);

        PrintWriter out = spec.commandLine().getOut();
        out.printf("household %s added: %s tokens/min, %s at once, %s KV blocks, weight %s%n", h.path("name").asText(),
                h.path("tokensPerMinute").asText(), h.path("maxConcurrent").asText(), h.path("maxKvBlocks").asText(),
                h.path("weight").asText());
        out.printf("  key  %s%n", h.path("key").asText());
        out.println("This key is shown once and is not shown again (only its hash is stored): keep it now.");
        out.println("Clients send it as: Authorization: Bearer <key>");
        out.flush();
        return 0;
    }

    private static void putIfSet(Map<String, Object> body, String field, Object value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
