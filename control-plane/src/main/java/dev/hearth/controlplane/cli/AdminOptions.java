package dev.hearth.controlplane.cli;

import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.fleet.FleetConfig;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** The option every client subcommand shares: where the running fleet's admin API is. */
public final class AdminOptions {
    @Option(names = "--admin-url", paramLabel = "URL",
            description = "Admin API of the running fleet (default: ${DEFAULT-VALUE}).")
    URI adminUrl = URI.create("http://127.0.0.1:" + FleetConfig.DEFAULT_ADMIN_PORT);

    AdminClient client() {
        return new AdminClient(adminUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build(),
                Json.newMapper());
    }
}
