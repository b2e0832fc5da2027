package dev.hearth.controlplane.cli;

import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.admin.AdminToken;
import dev.hearth.controlplane.fleet.FleetConfig;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The options every client subcommand shares: where the running fleet's admin API is, and where its
 * admin token is kept (never an option of its own: a token on the command line shows in the process list).
 */
public final class AdminOptions {
    @Option(names = "--admin-url", paramLabel = "URL",
            description = "Admin API of the running fleet (default: ${DEFAULT-VALUE}).")
    URI adminUrl = URI.create("http://127.0.0.1:" + FleetConfig.DEFAULT_ADMIN_PORT);

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "The fleet's data directory, where ./hearth up keeps the admin token for calls that change"
                    + " the fleet (default: $HEARTH_HOME or ~/.hearth; $" + AdminToken.ENV + " takes precedence).")
    Path dataDir;

    AdminClient client() {
        return new AdminClient(adminUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build(),
                Json.newMapper(), this::token);
    }

    /** The admin token: $HEARTH_ADMIN_TOKEN, else the file ./hearth up wrote. */
    private Optional<AdminToken> token() {
        String env = System.getenv(AdminToken.ENV);
        try {
            if (env != null && !env.isBlank()) {
                return Optional.of(AdminToken.of(env));
            }
            return AdminToken.read(dataDir());
        } catch (IllegalArgumentException e) {
            throw new UserError((env != null && !env.isBlank() ? "$" + AdminToken.ENV : dataDir().resolve(
                    AdminToken.FILE_NAME).toString()) + ": " + e.getMessage());
        }
    }

    private Path dataDir() {
        return dataDir != null ? dataDir
                : Path.of(System.getenv().getOrDefault("HEARTH_HOME", System.getProperty("user.home") + "/.hearth"));
    }
}
