package dev.hearth.controlplane.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.model.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prometheus.yml a fleet gets, the rule files it names, and finding the binary. */
class PrometheusSetupTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void aFleetIsScrapedPerKindOfEndpointWithEveryNodeLabelledByItsTopology(@TempDir Path dir) throws IOException {
        Path rules = Files.createFile(dir.resolve("hearth-alerts.yml"));
        PrometheusConfigFile config = PrometheusConfigFile.forFleet(fleet(2), List.of(rules), Duration.ofSeconds(1));

        JsonNode yaml = YAML.readTree(config.render());
        assertThat(yaml.at("/global/scrape_interval").asText()).isEqualTo("1s");
        assertThat(yaml.at("/global/evaluation_interval").asText()).isEqualTo("1s");
        assertThat(yaml.at("/global/scrape_timeout").asText()).isEqualTo("1s");
        assertThat(yaml.at("/rule_files/0").asText()).isEqualTo(rules.toString());

        Map<String, JsonNode> jobs = new LinkedHashMap<>();
        yaml.path("scrape_configs").forEach(j -> jobs.put(j.path("job_name").asText(), j));
        assertThat(jobs).containsOnlyKeys("hearth-control-plane", "hearth-readings", "hearth-gateway", "hearth-node");
        assertThat(jobs.get("hearth-control-plane").path("metrics_path").asText()).isEqualTo("/metrics");
        assertThat(jobs.get("hearth-control-plane").at("/static_configs/0/targets/0").asText())
                .isEqualTo("127.0.0.1:7700");
        assertThat(jobs.get("hearth-control-plane").path("honor_labels").asBoolean()).isFalse();
        assertThat(jobs.get("hearth-readings").path("metrics_path").asText()).isEqualTo("/metrics/readings");
        assertThat(jobs.get("hearth-readings").path("honor_labels").asBoolean()).isTrue();
        assertThat(jobs.get("hearth-gateway").at("/static_configs/0/targets/0").asText()).isEqualTo("127.0.0.1:7799");

        JsonNode nodes = jobs.get("hearth-node");
        assertThat(nodes.path("honor_labels").asBoolean()).isTrue();
        assertThat(nodes.path("static_configs")).hasSize(2);
        JsonNode second = nodes.path("static_configs").get(1);
        assertThat(second.at("/targets/0").asText()).isEqualTo("127.0.0.1:40002");
        assertThat(YAML.convertValue(second.path("labels"), Map.class)).isEqualTo(Map.of("node", "node-2",
                "household", "household-2", "building", "building-1", "spine", "spine-1"));
        assertThat(config.targetCount()).isEqualTo(5);
    }

    @Test
    void theIntervalIsWrittenInPrometheusUnitsAndTheTimeoutNeverExceedsItOrTenSeconds() {
        assertThat(PrometheusConfigFile.forFleet(fleet(1), List.of(), Duration.ofSeconds(15)).render())
                .contains("scrape_interval: 15s", "scrape_timeout: 10s", "evaluation_interval: 15s", "rule_files: []");
        assertThat(PrometheusConfigFile.forFleet(fleet(1), List.of(), Duration.ofMillis(1500)).render())
                .contains("scrape_interval: 1500ms", "scrape_timeout: 1500ms");
        assertThat(List.of(Duration.ofDays(1), Duration.ofHours(6), Duration.ofSeconds(120), Duration.ofSeconds(90)))
                .map(PrometheusConfigFile::duration).containsExactly("1d", "6h", "2m", "90s");
        assertThatThrownBy(() -> PrometheusConfigFile.forFleet(fleet(1), List.of(), Duration.ofMillis(10)))
                .hasMessageContaining("at least 100ms");
        assertThatThrownBy(() -> PrometheusConfigFile.forFleet(fleet(1), List.of(Path.of("alerts/x.yml")),
                Duration.ofSeconds(1))).hasMessageContaining("must be an absolute path");
    }

    @Test
    void pathsAndLabelValuesAreQuotedSoAnyCharacterSurvives(@TempDir Path dir) throws IOException {
        Path odd = Files.createDirectories(dir.resolve("a \"quoted\": #dir"));
        Path rules = Files.createFile(odd.resolve("r.yml"));
        FleetEndpoints endpoints = new FleetEndpoints(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                Map.of("n", URI.create("http://127.0.0.1:3")), Map.of("n", new Topology("h: #1 \\ \"x\"", "b", "s")));
        JsonNode yaml = YAML.readTree(PrometheusConfigFile.forFleet(endpoints, List.of(rules), Duration.ofSeconds(1))
                .render());
        assertThat(yaml.at("/rule_files/0").asText()).isEqualTo(rules.toString());
        assertThat(yaml.at("/scrape_configs/3/static_configs/0/labels/household").asText()).isEqualTo("h: #1 \\ \"x\"");
    }

    @Test
    void theFileIsWrittenWholeIntoItsFolder(@TempDir Path dir) throws IOException {
        PrometheusConfigFile config = PrometheusConfigFile.forFleet(fleet(1), List.of(), Duration.ofSeconds(15));
        Path file = config.writeTo(dir.resolve("prometheus"));
        assertThat(file).isEqualTo(dir.resolve("prometheus/prometheus.yml"));
        assertThat(Files.readString(file)).isEqualTo(config.render());
        config.writeTo(dir.resolve("prometheus")); // again, over the old one
        try (var files = Files.list(dir.resolve("prometheus"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("prometheus.yml");
        }
    }

    @Test
    void theRuleFilesAreTheYamlFilesOfAlertsButNotItsTestsOrTheAlertmanagerConfig(@TempDir Path repo)
            throws IOException {
        Path alerts = Files.createDirectories(repo.resolve("alerts"));
        Files.createDirectories(alerts.resolve("tests"));
        for (String name : List.of("hearth-alerts.yml", "recording.yaml", "alertmanager.yml", "README.md",
                "tests/hearth-alerts.test.yml", ".hidden.yml")) {
            Files.writeString(alerts.resolve(name), "groups: []\n");
        }
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Path deep = Files.createDirectories(repo.resolve("control-plane/target/launch/1"));

        AlertsDirectory found = AlertsDirectory.find(List.of(deep)).orElseThrow();
        assertThat(found.path()).isEqualTo(alerts.toAbsolutePath());
        assertThat(found.ruleFiles()).containsExactly(alerts.resolve("hearth-alerts.yml"),
                alerts.resolve("recording.yaml"));
        assertThat(AlertsDirectory.of(alerts).ruleFiles()).allSatisfy(p -> assertThat(p).isAbsolute());
        // the working directory outside any repository, the jar inside one: found from the jar
        assertThat(AlertsDirectory.find(List.of(repo.getRoot(), deep)).map(AlertsDirectory::path)).contains(alerts);
    }

    @Test
    void aMissingAlertsFolderIsNamedWithTheFix(@TempDir Path dir) {
        assertThat(AlertsDirectory.find(List.of(dir))).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> AlertsDirectory.of(dir.resolve("nope")))
                .hasMessageContaining(dir.resolve("nope") + "' is not a directory")
                .hasMessageContaining("alerts/");
    }

    @Test
    void theBinaryIsFoundOnThePathOrTheDebianPackageIsNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> PrometheusSetup.locateBinary(dir.toString()))
                .isInstanceOf(PrometheusNotInstalledException.class)
                .hasMessageContaining("apt-get install -y prometheus");
        assertThatThrownBy(() -> PrometheusSetup.locateBinary(null))
                .isInstanceOf(PrometheusNotInstalledException.class);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path binary = Files.createFile(bin.resolve("prometheus"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertThat(PrometheusSetup.locateBinary(dir + File.pathSeparator + bin)).isEqualTo(binary);
    }

    @Test
    void badOptionsAndEndpointsAreNamed() {
        assertThatThrownBy(() -> PrometheusOptions.defaults().withPort(70000))
                .hasMessageContaining("--prometheus-port 70000 is not a port");
        assertThatThrownBy(() -> new FleetEndpoints(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"),
                Map.of("node-1", URI.create("http://127.0.0.1:3")), Map.of()))
                .hasMessageContaining("node node-1 has no topology");
        assertThatThrownBy(() -> new ScrapeTarget("127.0.0.1:1", Map.of("__name__", "x")))
                .hasMessageContaining("not a Prometheus label name");
    }

    /** A fleet of {@code n} nodes on made-up ports, topology as the local fleet's. */
    static FleetEndpoints fleet(int n) {
        Map<String, URI> nodes = new LinkedHashMap<>();
        Map<String, Topology> topology = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ids.add("node-" + i);
            nodes.put("node-" + i, URI.create("http://127.0.0.1:" + (40000 + i)));
            topology.put("node-" + i, new Topology("household-" + i, "building-1", "spine-1"));
        }
        return new FleetEndpoints(URI.create("http://127.0.0.1:7700"), URI.create("http://127.0.0.1:7799"), nodes,
                topology);
    }
}
