package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.admin.HouseholdView;
import dev.hearth.controlplane.fleet.FleetConfig;
import dev.hearth.controlplane.fleet.LocalFleet;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.controlplane.prometheus.AlertsDirectory;
import dev.hearth.controlplane.prometheus.FleetEndpoints;
import dev.hearth.controlplane.prometheus.PrometheusConfigFile;
import dev.hearth.controlplane.prometheus.PrometheusNotInstalledException;
import dev.hearth.controlplane.prometheus.PrometheusOptions;
import dev.hearth.controlplane.prometheus.PrometheusServer;
import dev.hearth.controlplane.prometheus.PrometheusSetup;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Dashboards and rules are checked against live metrics: a local fleet serves some traffic (ordinary
 * completions, a streamed chat, a wrong key, a household over its quota) and remediates one GPU
 * fault, the real Prometheus scrapes it with every rule file of alerts/, and then every dashboard
 * panel and variable query and every recording rule (and the series it records) must return data,
 * unless dashboards/live-check-exceptions.yml excuses it with the reason; every alert expression
 * must be accepted and every rule evaluate without error.
 */
class LiveCheckIT {
    private static final int NODES = 3;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Generous: on a loaded 2-core machine the first scrapes of a fresh fleet can take seconds. */
    private static final Duration TARGETS_PATIENCE = Duration.ofSeconds(60);
    private static final Duration DATA_PATIENCE = Duration.ofSeconds(60);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    /** Jobs whose targets must be up; /metrics/readings may not exist yet, and its panels are then excused. */
    private static final Set<String> REQUIRED_JOBS = Set.of(PrometheusConfigFile.CONTROL_PLANE_JOB,
            PrometheusConfigFile.GATEWAY_JOB, PrometheusConfigFile.NODE_JOB);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = Json.newMapper();

    @Test
    void everyDashboardQueryAndRecordingRuleHasDataOnALiveFleet(@TempDir Path dir) throws Exception {
        Path binary = prometheusBinary();
        OpsRepo repo = OpsRepo.locate();
        LiveCheck check = LiveCheck.of(repo);
        List<Path> ruleFiles = AlertsDirectory.of(repo.alerts()).ruleFiles();
        long started = System.nanoTime();
        // closed in reverse: Prometheus, then the fleet, then the database, also when an assertion fails
        try (TestDatabase db = TestDatabase.create();
             LocalFleet fleet = LocalFleet.start(new FleetConfig(NODES, Optional.of(db.url()), dir.resolve("fleet"),
                     0, 0, INTERVAL, Duration.ofMinutes(1), Duration.ofHours(6), GuardPolicy.defaults(), 42),
                     Clock.systemUTC(), event -> log("fleet: %s", event), Json.newMapper());
             PrometheusServer prometheus = new PrometheusSetup(binary,
                     PrometheusOptions.defaults().withInterval(INTERVAL).withPort(0), http)
                     .start(FleetEndpoints.of(fleet), ruleFiles, dir.resolve("prometheus"))) {
            log("fleet and Prometheus up in %.1f s; Prometheus %s, config %s", seconds(started), prometheus.uri(),
                    prometheus.configFile());
            PrometheusApi api = new PrometheusApi(http, json, prometheus.uri());

            // a GPU that fell off the bus: remediation acts (isolates or is refused) and opens a repair ticket
            fleet.inject("node-" + NODES, "xid-79");
            traffic(fleet);
            String targets = awaitTargets(api, prometheus);
            awaitRuleEvaluations(api, prometheus);
            log("targets up and rules evaluated after %.1f s:%n%s", seconds(started), targets);

            LiveCheck.Report report = check.run(api, DATA_PATIENCE, RETRY_PAUSE);
            List<String> ruleErrors = ruleErrors(api);
            String text = report.text() + (ruleErrors.isEmpty() ? ""
                    : "rules Prometheus failed to evaluate (" + ruleErrors.size() + "):\n"
                    + String.join("\n", ruleErrors) + "\n")
                    + "scrape targets:\n" + targets
                    + "Prometheus " + prometheus.uri() + ", config " + prometheus.configFile() + ", log "
                    + prometheus.logFile() + "\n";
            log("live check finished after %.1f s:%n%s", seconds(started), text);
            if (!report.passed() || !ruleErrors.isEmpty()) {
                fail("the live check of dashboards/ and alerts/ against a running fleet found problems:%n%s", text);
            }
        }
    }

    /**
     * Requests enough of every kind for the request metrics to exist: completions from each demo
     * household (two at once, for batching), a streamed chat, a wrong key (401) and a household with
     * a tiny token quota sending until refused (429).
     */
    private void traffic(LocalFleet fleet) throws Exception {
        URI gateway = fleet.gatewayUri();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            IssuedKey key = fleet.demoKeys().get(i % fleet.demoKeys().size());
            sent.add(post(gateway, "/v1/completions", key.key(), "{\"model\": \"" + fleet.modelName()
                    + "\", \"prompt\": \"live check " + i + "\", \"max_tokens\": 8, \"seed\": " + i + "}"));
            if (i % 2 == 1) {
                CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
            }
        }
        sent.add(post(gateway, "/v1/chat/completions", fleet.demoKeys().get(0).key(), "{\"model\": \""
                + fleet.modelName() + "\", \"stream\": true, \"max_tokens\": 8, \"messages\": [{\"role\": \"user\","
                + " \"content\": \"hello\"}]}"));
        sent.add(post(gateway, "/v1/completions", "hh-not-a-key", "{\"model\": \"" + fleet.modelName()
                + "\", \"prompt\": \"x\", \"max_tokens\": 4}"));
        HouseholdView small = fleet.addHousehold("live-check-small", new HouseholdQuota(60, 1, 256, 1.0));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(post(gateway, "/v1/completions", small.key(), "{\"model\": \"" + fleet.modelName()
                    + "\", \"prompt\": \"quota\", \"max_tokens\": 32}").get().statusCode());
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            byStatus.merge(f.get().statusCode(), 1, Integer::sum);
        }
        statuses.forEach(s -> byStatus.merge(s, 1, Integer::sum));
        log("traffic sent, answers by status: %s", byStatus);
        assertThat(byStatus).as("answers by HTTP status").containsKeys(200, 401, 429);
    }

    private CompletableFuture<HttpResponse<String>> post(URI gateway, String path, String key, String body) {
        return http.sendAsync(HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until every target of the required jobs is up; returns a line per target. */
    private String awaitTargets(PrometheusApi api, PrometheusServer prometheus) throws InterruptedException {
        long deadline = System.nanoTime() + TARGETS_PATIENCE.toNanos();
        while (true) {
            JsonNode targets = api.targets();
            StringBuilder table = new StringBuilder();
            boolean ready = targets.size() == prometheus.targets();
            for (JsonNode t : targets) {
                String job = t.at("/labels/job").asText();
                String health = t.path("health").asText();
                table.append(String.format("  %-22s %-18s %-5s %s%n", job, t.at("/labels/instance").asText(), health,
                        t.path("lastError").asText()));
                ready &= !REQUIRED_JOBS.contains(job) || health.equals("up");
            }
            if (ready) {
                return table.toString();
            }
            if (System.nanoTime() > deadline) {
                return fail("the fleet's scrape targets were not all up within %d s (needed: %s):%n%sPrometheus log"
                        + " %s ends:%n%s", TARGETS_PATIENCE.toSeconds(), REQUIRED_JOBS, table, prometheus.logFile(),
                        prometheus.logTail());
            }
            Thread.sleep(500);
        }
    }

    /** Waits until every rule group has been evaluated at least twice (so rules reading recorded series have them). */
    private void awaitRuleEvaluations(PrometheusApi api, PrometheusServer prometheus) throws InterruptedException {
        long deadline = System.nanoTime() + TARGETS_PATIENCE.toNanos();
        Map<String, String> first = new TreeMap<>();
        while (true) {
            List<String> waiting = new ArrayList<>();
            for (JsonNode group : api.ruleGroups()) {
                String name = group.path("file").asText() + " · group " + group.path("name").asText();
                String last = group.path("lastEvaluation").asText();
                if (last.startsWith("0001-")) {
                    waiting.add(name);
                } else if (first.putIfAbsent(name, last) == null || first.get(name).equals(last)) {
                    waiting.add(name);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("Prometheus did not evaluate these rule groups twice within %d s: %s; its log %s ends:%n%s",
                        TARGETS_PATIENCE.toSeconds(), waiting, prometheus.logFile(), prometheus.logTail());
            }
            Thread.sleep(500);
        }
    }

    /** Rules whose last evaluation failed (a many-to-many match, say), which only shows with live data. */
    private List<String> ruleErrors(PrometheusApi api) throws InterruptedException {
        List<String> errors = new ArrayList<>();
        for (JsonNode group : api.ruleGroups()) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.path("health").asText().equals("err")) {
                    errors.add("  - " + group.path("file").asText() + " · group " + group.path("name").asText()
                            + " · " + rule.path("name").asText() + ": " + rule.path("lastError").asText()
                            + "\n      expr: " + rule.path("query").asText());
                }
            }
        }
        return errors;
    }

    /** Installed in CI by .ci/run (Debian package prometheus); a missing binary fails, it does not skip. */
    private static Path prometheusBinary() {
        try {
            return PrometheusSetup.locateBinary(System.getenv("PATH"));
        } catch (PrometheusNotInstalledException e) {
            return fail("the live check needs the prometheus binary: %s", e.getMessage());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[live check] " + format + "%n", args);
        System.out.flush();
    }
}
