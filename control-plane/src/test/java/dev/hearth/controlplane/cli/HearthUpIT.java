package dev.hearth.controlplane.cli;

import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth up} and its client subcommands, run in-process as a user would run them. */
class HearthUpIT {

    @Test
    void upServesTheClientCommandsAndStopsCleanlyAtTheEndOfItsDuration(@TempDir Path home) throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            String dataDir = home.toString();
            int adminPort = freePort();
            String admin = "http://127.0.0.1:" + adminPort;
            CompletableFuture<CliRun> up = CompletableFuture.supplyAsync(() -> CliRun.of("up", "--nodes", "2",
                    "--duration", "12s", "--db", db.url(), "--admin-port", String.valueOf(adminPort),
                    "--gateway-port", "0", "--interval", "1s", "--status-every", "2s", "--data-dir", dataDir));
            awaitFleet(admin);

            CliRun status = CliRun.of("status", "--admin-url", admin);
            assertThat(status.exitCode()).as(status.err()).isZero();
            assertThat(status.out()).contains("node-1", "node-2", "serving").doesNotContain("isolated  ");

            CliRun unknown = CliRun.of("inject", "overheat", "--node", "node-9", "--admin-url", admin,
                    "--data-dir", dataDir);
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.err()).contains("unknown node 'node-9'; the fleet has node-1, node-2");

            CliRun inject = CliRun.of("inject", "overheat", "--node", "node-2", "--admin-url", admin,
                    "--data-dir", dataDir);
            assertThat(inject.exitCode()).isZero();
            assertThat(inject.out()).contains("injected overheat into node-2");

            CliRun load = CliRun.of("load", "--rps", "5", "--duration", "2s", "--admin-url", admin);
            assertThat(load.exitCode()).as(load.out() + load.err()).isZero();
            // 5 requests/s for 2 s: 9 or 10 go out depending on where the ticks fall; every one must succeed
            assertThat(load.out()).containsPattern("sent (9|10) · ok \\1 · failed 0");

            CliRun statusAfter = CliRun.of("status", "--admin-url", admin, "--json");
            assertThat(statusAfter.out()).contains("\"fault\" : \"overheat\"");
            assertThat(CliRun.of("audit", "--admin-url", admin).exitCode()).isZero();

            CliRun finished = up.get();
            assertThat(finished.exitCode()).as(finished.err()).isZero();
            // the admin token: printed once by up, kept owner-only, in no event line
            java.nio.file.Path tokenFile = home.resolve("admin-token");
            String token = java.nio.file.Files.readString(tokenFile).strip();
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            assertThat(finished.out().split(java.util.regex.Pattern.quote(token), -1)).hasSize(2);
            assertThat(finished.out().lines().filter(l -> l.startsWith("[event]")))
                    .noneSatisfy(l -> assertThat(l).contains(token));
            assertThat(finished.out()).contains("Hearth local fleet is up", "/v1", "nodes 2 serving / 0 isolated",
                    "stopped");
        }
    }

    @Test
    void aFleetWhoseModelIsSplitIntoStagesServesThroughThemOverTcp() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            int adminPort = freePort();
            String admin = "http://127.0.0.1:" + adminPort;
            CompletableFuture<CliRun> up = CompletableFuture.supplyAsync(() -> CliRun.of("up", "--nodes", "2",
                    "--stages", "3", "--duration", "8s", "--db", db.url(), "--admin-port", String.valueOf(adminPort),
                    "--gateway-port", "0", "--interval", "1s", "--status-every", "2s"));
            awaitFleet(admin);
            CliRun load = CliRun.of("load", "--rps", "5", "--duration", "2s", "--admin-url", admin);
            assertThat(load.exitCode()).as(load.out() + load.err()).isZero();
            // 5 requests/s for 2 s: 9 or 10 go out depending on where the ticks fall; every one must succeed
            assertThat(load.out()).containsPattern("sent (9|10) · ok \\1 · failed 0");
            java.net.http.HttpResponse<String> placement = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(admin + "/api/placement")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(placement.statusCode()).isEqualTo(200);
            assertThat(placement.body()).contains("\"version\":1", "\"id\":\"stage-1\"", "\"stage-2-2\"", "\"node-1\"")
                    .doesNotContain("\"bytes\":1,");
            CliRun finished = up.get();
            assertThat(finished.exitCode()).as(finished.err()).isZero();
            assertThat(finished.out()).contains("in 3 pipeline stages", "placement version 1 rolled out", "stopped");
        }
        CliRun tooMany = CliRun.of("up", "--stages", "9", "--duration", "1s");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--stages 9 is out of range");
    }

    @Test
    void upRunsOnTheEmbeddedStoreByDefault(@TempDir Path dataDir) {
        CliRun r = CliRun.of("up", "--nodes", "1", "--duration", "3s", "--data-dir", dataDir.toString(),
                "--admin-port", "0", "--gateway-port", "0");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("embedded PostgreSQL on 127.0.0.1:", dataDir.toString(), "stopped");
        assertThat(dataDir.resolve("pgdata/PG_VERSION")).exists();
    }

    @Test
    void aBusyPortIsNamedWithTheOptionToChangeIt() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of("up", "--admin-port", String.valueOf(busy.getLocalPort()), "--duration", "1s");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("port " + busy.getLocalPort() + " for the admin API is already in use")
                    .contains("--admin-port");
        }
    }

    @Test
    void anUnreachableDatabaseIsNamed() {
        CliRun r = CliRun.of("up", "--db", "jdbc:postgresql://127.0.0.1:1/hearth?user=postgres&password=secret",
                "--admin-port", "0", "--gateway-port", "0", "--duration", "1s");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("jdbc:postgresql://127.0.0.1:1/hearth").doesNotContain("secret")
                .doesNotContain("Exception");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitFleet(String admin) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (CliRun.of("status", "--admin-url", admin).exitCode() == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the fleet did not come up within 60 s");
    }
}
