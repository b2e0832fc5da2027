package dev.hearth.controlplane.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.hearth.model.Topology;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The generated config passes {@code promtool check config} with the repository's rules, and the
 * real {@code prometheus} binary starts on it, scrapes with the intended labels and stops on close.
 */
class PrometheusServerIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer stub;

    @BeforeEach
    void startStub() throws IOException {
        // one endpoint stands in for every kind: a node's household series carries the requesting household
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            byte[] body = ("hearth_household_requests_total{node=\"node-1\",household=\"hh-requester\",outcome=\"ok\"} 3\n"
                    + "hearth_node_inflight_requests{node=\"node-1\"} 0\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    @Test
    void theConfigForTheRepositorysRulesPassesPromtool(@TempDir Path dir) throws Exception {
        Path promtool = binary("promtool");
        AlertsDirectory alerts = repositoryAlerts();
        Path file = PrometheusConfigFile.forFleet(PrometheusSetupTest.fleet(3), alerts.ruleFiles(),
                Duration.ofSeconds(1)).writeTo(dir);
        Path log = dir.resolve("promtool.log");
        Process p = new ProcessBuilder(promtool.toString(), "check", "config", file.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("promtool check config did not finish within %d s:%n%s", PATIENCE.toSeconds(), Files.readString(log));
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as("promtool check config %s:%n%s%n--- config:%n%s", file, output,
                Files.readString(file)).isZero();
        assertThat(output).contains("SUCCESS");
        for (Path rules : alerts.ruleFiles()) {
            assertThat(output).contains(rules.toString());
        }
    }

    @Test
    void prometheusScrapesEveryJobWithTopologyLabelsKeepsTheExposedHouseholdAndStopsOnClose(@TempDir Path dir)
            throws Exception {
        PrometheusSetup setup = new PrometheusSetup(binary("prometheus"),
                PrometheusOptions.defaults().withInterval(Duration.ofSeconds(1)).withPort(0), http);
        URI uri;
        try (PrometheusServer server = setup.start(stubFleet(), List.of(), dir)) {
            uri = server.uri();
            assertThat(server.targets()).isEqualTo(4);
            assertThat(server.configFile()).isEqualTo(dir.resolve("prometheus.yml"));
            JsonNode up = awaitResult(uri, "up == 1", 4);
            List<String> jobs = new ArrayList<>();
            up.forEach(s -> jobs.add(s.at("/metric/job").asText()));
            assertThat(jobs).containsExactlyInAnyOrder("hearth-control-plane", "hearth-readings", "hearth-gateway",
                    "hearth-node");

            JsonNode inflight = awaitResult(uri, "hearth_node_inflight_requests{job=\"hearth-node\"}", 1).get(0);
            assertThat(json.convertValue(inflight.path("metric"), Map.class)).containsEntry("node", "node-1")
                    .containsEntry("household", "household-1").containsEntry("building", "building-1")
                    .containsEntry("spine", "spine-1");
            JsonNode household = awaitResult(uri, "hearth_household_requests_total{job=\"hearth-node\"}", 1).get(0);
            assertThat(household.at("/metric/household").asText()).isEqualTo("hh-requester");
            assertThat(household.at("/metric").has("exported_household")).isFalse();
        }
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(uri.resolve("/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding())).isInstanceOf(ConnectException.class);
    }

    @Test
    void aRuleFilePrometheusRefusesStopsItWithItsLogInTheMessage(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("broken.yml"), "groups:\n  - name: g\n    rules:\n"
                + "      - record: x\n        expr: sum(\n");
        PrometheusSetup setup = new PrometheusSetup(binary("prometheus"), PrometheusOptions.defaults().withPort(0), http);
        assertThatThrownBy(() -> setup.start(stubFleet(), List.of(rules), dir.resolve("p")))
                .isInstanceOf(PrometheusStartException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("broken.yml");
    }

    @Test
    void aTakenPortIsNamedWithTheOptionToChangeIt(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            PrometheusSetup setup = new PrometheusSetup(binary("prometheus"),
                    PrometheusOptions.defaults().withPort(taken.getLocalPort()), http);
            assertThatThrownBy(() -> setup.start(stubFleet(), List.of(), dir))
                    .isInstanceOf(PrometheusStartException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " for Prometheus is already in use")
                    .hasMessageContaining("--prometheus-port");
        }
    }

    private FleetEndpoints stubFleet() {
        URI stubUri = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
        return new FleetEndpoints(stubUri, stubUri, Map.of("node-1", stubUri),
                Map.of("node-1", new Topology("household-1", "building-1", "spine-1")));
    }

    /** The instant query's result once it has at least {@code size} series, within {@link #PATIENCE}. */
    private JsonNode awaitResult(URI prometheus, String query, int size) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode result = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(prometheus.resolve("/api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            result = json.readTree(r.body()).at("/data/result");
            if (result.size() >= size) {
                return result;
            }
            Thread.sleep(250);
        }
        return fail("%s had %s within %d s, expected %d series", query, result, PATIENCE.toSeconds(), size);
    }

    private static AlertsDirectory repositoryAlerts() {
        return AlertsDirectory.find(List.of(Path.of(""))).orElseGet(() ->
                fail("no alerts/ with a pom.xml above %s: run the tests inside the Hearth repository",
                        Path.of("").toAbsolutePath()));
    }

    private static Path binary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("%s not found on the PATH: %s", name, PrometheusSetup.INSTALL_HINT);
    }
}
