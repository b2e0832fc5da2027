package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.controlplane.load.LoadGenerator;
import dev.hearth.controlplane.load.LoadReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Send completions to the gateway and report what came back.",
                "Sends at a fixed rate and prints sent / ok / failed and latency P50 / P99.",
                "Exits with 1 when any request failed."})
public final class LoadCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Option(names = "--rps", defaultValue = "10", description = "Requests per second (default: ${DEFAULT-VALUE}).")
    double rps;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to send, e.g. 30s or 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--max-tokens", defaultValue = "16", description = "max_tokens of each request (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "Gateway base URL; by default the one the running fleet reports.")
    URI gateway;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = {"A household's API key; repeat to spread the load over several households.",
                    "Default: every key the running fleet holds (the local fleet's demo households)."})
    List<String> apiKeys;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!(rps > 0 && rps <= 10_000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rps " + rps + " must be above 0 and at most 10000");
        }
        if (maxTokens < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-tokens must be at least 1");
        }
        URI target = gateway != null ? gateway
                : URI.create(admin.client().get("/api/status").path("gateway").asText().replaceFirst("/v1$", ""));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("sending %.1f requests/s to %s for %d s…%n", rps, target, duration.toSeconds());
        out.flush();
        List<String> keys = apiKeys != null ? apiKeys : gateway != null ? List.of() : fleetKeys();
        LoadReport report = new LoadGenerator(HttpClient.newHttpClient(), keys).run(target, rps, duration, maxTokens);
        out.println(report.summary());
        if (!report.servedBy().isEmpty()) {
            out.println("served by " + report.servedBy());
        }
        if (!report.failures().isEmpty()) {
            out.println("failures " + report.failures());
        }
        out.flush();
        return report.failed() == 0 ? 0 : 1;
    }

    /** The keys the running fleet still holds in plain text. */
    private List<String> fleetKeys() {
        List<String> keys = new ArrayList<>();
        for (JsonNode h : admin.client().get("/api/households")) {
            if (h.path("key").isTextual()) {
                keys.add(h.path("key").asText());
            }
        }
        return keys;
    }
}
