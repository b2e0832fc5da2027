package dev.hearth.controlplane.cli;

import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code hearth up --with-prometheus}: Prometheus starts after the fleet, scrapes it, and stops with it. */
class UpWithPrometheusIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void prometheusScrapesTheFleetWithTheRepositorysRulesAndStopsWithIt(@TempDir Path home) throws Exception {
        int port = freePort();
        URI prometheus = URI.create("http://127.0.0.1:" + port);
        try (TestDatabase db = TestDatabase.create()) {
            // Prometheus scrapes every 15 s: the run lasts long enough for its first scrape of each target
            CompletableFuture<CliRun> up = CompletableFuture.supplyAsync(() -> CliRun.of("up", "--nodes", "1",
                    "--duration", "25s", "--db", db.url(), "--admin-port", "0", "--gateway-port", "0",
                    "--data-dir", home.toString(), "--with-prometheus", "--prometheus-port", String.valueOf(port)));
            String up1 = awaitQuery(prometheus, "up{job=\"hearth-node\",node=\"node-1\",household=\"household-1\"} == 1",
                    up);
            assertThat(up1).contains("\"building\":\"building-1\"");

            CliRun finished = up.get(120, TimeUnit.SECONDS);
            assertThat(finished.exitCode()).as(finished.err()).isZero();
            assertThat(finished.out())
                    .contains("Prometheus            " + prometheus + "   (scraping 4 targets, rules from ")
                    .contains("alerts; config " + home.resolve("prometheus/prometheus.yml"))
                    .contains("stopped");
        }
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(prometheus.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding())).as("Prometheus stopped with the fleet")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void anAlertsDirThatIsNoDirectoryIsAUsageErrorBeforeAnythingStarts(@TempDir Path dir) {
        CliRun run = CliRun.of("up", "--with-prometheus", "--alerts-dir", dir.resolve("missing").toString(),
                "--admin-port", "0", "--gateway-port", "0", "--data-dir", dir.resolve("data").toString(),
                "--duration", "1s");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--alerts-dir '" + dir.resolve("missing") + "' is not a directory");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    /** The query's answer once it has a series, while {@code up} runs. */
    private String awaitQuery(URI prometheus, String query, CompletableFuture<CliRun> up) throws Exception {
        URI uri = prometheus.resolve("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        String last = "(no answer)";
        while (!up.isDone()) {
            try {
                last = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\"result\":[{")) {
                    return last;
                }
            } catch (IOException e) {
                // not started yet
            }
            Thread.sleep(500);
        }
        CliRun run = up.get();
        throw new AssertionError("Prometheus never answered " + query + " with a series while up ran; last answer: "
                + last + "\nup printed:\n" + run.out() + run.err());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
