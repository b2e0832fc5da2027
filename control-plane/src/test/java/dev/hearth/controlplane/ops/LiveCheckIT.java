package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.fleet.FleetConfig;
import dev.hearth.controlplane.fleet.LocalFleet;
import dev.hearth.controlplane.fleet.RemediationSetup;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.controlplane.prometheus.AlertsDirectory;
import dev.hearth.controlplane.prometheus.FleetEndpoints;
import dev.hearth.controlplane.prometheus.PrometheusConfigFile;
import dev.hearth.controlplane.prometheus.PrometheusNotInstalledException;
import dev.hearth.controlplane.prometheus.PrometheusOptions;
import dev.hearth.controlplane.prometheus.PrometheusServer;
import dev.hearth.controlplane.prometheus.PrometheusSetup;
import dev.hearth.model.ActionType;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.remediation.AuditEntry;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.remediation.Outcome;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Dashboards and rules are checked against live metrics. A local fleet with a two-stage pipeline (so
 * the per-hop and wire meters exist) runs its rules from a directory (so their hot reload is metered),
 * and the real Prometheus scrapes it with every rule file of alerts/. While Prometheus watches, the
 * fleet serves a steady load from the demo households and from a household over its token quota, and
 * goes through faults: a GPU falls off the bus (isolated, repair ticket), a second one does too (its
 * ticket opens, its isolation is refused by the guard, which allows one of three nodes out), the same
 * GPU logs Xid 79 again, one node overheats (BMC health critical, thermal throttling), and the gateway
 * routes to a node whose process is gone (retries). Then every dashboard panel and variable query and
 * every recording rule (and the series it records) must return data, unless
 * dashboards/live-check-exceptions.yml excuses it with the reason; every alert expression must be
 * accepted and every rule evaluate without error.
 */
class LiveCheckIT {
    private static final int NODES = 3;
    /** Two stages: layer 0 on the nodes, the rest on shard servers, so activations cross the wire. */
    private static final int STAGES = 2;
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Generous: on a loaded 2-core machine the first scrapes of a fresh fleet can take seconds. */
    private static final Duration TARGETS_PATIENCE = Duration.ofSeconds(60);
    /** How long a step of the fault scenario may take to show (remediation acts within a few cycles). */
    private static final Duration SCENARIO_PATIENCE = Duration.ofSeconds(30);
    /**
     * Over a minute: the energy panels' subqueries step by a whole minute ({@code [$__range:1m]}), so
     * their one point is the last whole minute, which holds data only once the first whole minute after
     * the first readings has passed.
     */
    private static final Duration DATA_PATIENCE = Duration.ofSeconds(75);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(2);
    private static final Set<String> REQUIRED_JOBS = Set.of(PrometheusConfigFile.CONTROL_PLANE_JOB,
            PrometheusConfigFile.READINGS_JOB, PrometheusConfigFile.GATEWAY_JOB, PrometheusConfigFile.NODE_JOB);
    /** Completions a second from the demo households: enough to keep every rate above 0, light on 2 cores. */
    private static final double LOAD_RPS = 4;
    private static final int LOAD_MAX_TOKENS = 12;
    /**
     * A household allowed 100 tokens a minute, one request at a time; each completion of the load costs
     * about 40 (its prompt's bytes and max_tokens), and two a second soon find the budget spent.
     */
    private static final HouseholdQuota SMALL_QUOTA = new HouseholdQuota(100, 1, 256, 1.0);
    private static final String DEAD_NODE = "node-gone";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = Json.newMapper();

    @Test
    void everyDashboardQueryAndRecordingRuleHasDataOnALiveFleet(@TempDir Path dir) throws Exception {
        Path binary = prometheusBinary();
        OpsRepo repo = OpsRepo.locate();
        LiveCheck check = LiveCheck.of(repo);
        List<Path> ruleFiles = AlertsDirectory.of(repo.alerts()).ruleFiles();
        RemediationSetup setup = RemediationSetup.defaults()
                .withRulesDirectory(repo.root.resolve("rules-engine/src/main/resources/rules"));
        long started = System.nanoTime();
        // closed in reverse: the load, Prometheus, the fleet, the database, also when an assertion fails
        try (TestDatabase db = TestDatabase.create();
             LocalFleet fleet = LocalFleet.start(new FleetConfig(NODES, Optional.of(db.url()), dir.resolve("fleet"),
                     0, 0, INTERVAL, Duration.ofMinutes(1), Duration.ofHours(6), GuardPolicy.defaults(), 42, STAGES, 0),
                     setup, Clock.systemUTC(), event -> log("fleet: %s", event), Json.newMapper());
             PrometheusServer prometheus = new PrometheusSetup(binary,
                     PrometheusOptions.defaults().withInterval(INTERVAL).withPort(0), http)
                     .start(FleetEndpoints.of(fleet), ruleFiles, dir.resolve("prometheus"));
             BackgroundLoad households = BackgroundLoad.start("demo households", fleet.gatewayUri(),
                     fleet.demoKeys().stream().map(IssuedKey::key).toList(), LOAD_RPS, LOAD_MAX_TOKENS);
             BackgroundLoad overQuota = BackgroundLoad.start("over quota", fleet.gatewayUri(),
                     List.of(fleet.addHousehold("live-check-small", SMALL_QUOTA).key()), 2, 8)) {
            log("fleet and Prometheus up in %.1f s; Prometheus %s, config %s", seconds(started), prometheus.uri(),
                    prometheus.configFile());
            PrometheusApi api = new PrometheusApi(http, json, prometheus.uri());
            String targets = awaitTargets(api, prometheus);
            log("targets up after %.1f s:%n%s", seconds(started), targets);
            spotChecks(fleet);
            faults(fleet, api);
            awaitRuleEvaluations(api, prometheus);
            log("faults remediated and rules evaluated after %.1f s; %s; %s", seconds(started), households.summary(),
                    overQuota.summary());

            LiveCheck.Report report = check.run(api, DATA_PATIENCE, RETRY_PAUSE);
            List<String> ruleErrors = ruleErrors(api);
            String text = report.text() + (ruleErrors.isEmpty() ? ""
                    : "rules Prometheus failed to evaluate (" + ruleErrors.size() + "):\n"
                    + String.join("\n", ruleErrors) + "\n")
                    + "scrape targets:\n" + targets
                    + "load: " + households.summary() + "; " + overQuota.summary() + "\n"
                    + "Prometheus " + prometheus.uri() + ", config " + prometheus.configFile() + ", log "
                    + prometheus.logFile() + "\n";
            log("live check finished after %.1f s:%n%s", seconds(started), text);
            if (!report.passed() || !ruleErrors.isEmpty()) {
                fail("the live check of dashboards/ and alerts/ against a running fleet found problems:%n%s", text);
            }
            assertThat(households.ok()).as("completions the demo households got answered").isPositive();
        }
    }

    /** A streamed chat is answered and a wrong key is refused, beside the load's plain completions. */
    private void spotChecks(LocalFleet fleet) throws Exception {
        URI gateway = fleet.gatewayUri();
        HttpResponse<String> chat = post(gateway, "/v1/chat/completions", fleet.demoKeys().get(0).key(), "{\"model\": \""
                + fleet.modelName() + "\", \"stream\": true, \"max_tokens\": 8, \"messages\": [{\"role\": \"user\","
                + " \"content\": \"hello\"}]}").get();
        HttpResponse<String> wrongKey = post(gateway, "/v1/completions", "hh-not-a-key", "{\"model\": \""
                + fleet.modelName() + "\", \"prompt\": \"x\", \"max_tokens\": 4}").get();
        assertThat(chat.statusCode()).as("a streamed chat: %s", chat.body()).isEqualTo(200);
        assertThat(wrongKey.statusCode()).as("a wrong key: %s", wrongKey.body()).isEqualTo(401);
    }

    /**
     * The fault scenario, in two steps so that counters Prometheus has already seen move again (an
     * increase over a series that appeared with its first event is 0, and the panels keep "> 0").
     */
    private void faults(LocalFleet fleet, PrometheusApi api) throws Exception {
        fleet.inject("node-3", "xid-79");
        fleet.inject("node-1", "overheat");
        addDeadRoute(fleet);
        awaitAudit(fleet, "node-3 isolated and its repair ticket opened", e -> e.node().equals("node-3")
                && e.outcome() == Outcome.EXECUTED, ActionType.ISOLATE, ActionType.OPEN_REPAIR_TICKET);
        awaitSeries(api, "hearth_remediation_actions_total{action=\"open_repair_ticket\", verdict=\"executed\"}");
        awaitSeries(api, "hearth_gpu_xid_events_total{node=\"node-3\", xid=\"79\"}");

        fleet.inject("node-2", "xid-79");
        fleet.inject("node-3", "xid-79");
        awaitAudit(fleet, "node-2's repair ticket opened and its isolation refused", e -> e.node().equals("node-2")
                && (e.action() == ActionType.ISOLATE ? e.outcome() == Outcome.REFUSED : e.outcome() == Outcome.EXECUTED),
                ActionType.ISOLATE, ActionType.OPEN_REPAIR_TICKET);
        awaitSeries(api, "hearth_remediation_refusals_total");
    }

    /**
     * A route to a node whose process is gone, as the gateway has it until remediation isolates the
     * node: requests sent there first fail to connect and are retried on the others.
     */
    private void addDeadRoute(LocalFleet fleet) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(fleet.gatewayAdminUri().resolve("/admin/nodes/"
                        + DEAD_NODE)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"uri\": \"http://127.0.0.1:" + closedPort
                        + "\", \"routable\": true}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as("adding the route of %s: %s", DEAD_NODE, put.body()).isEqualTo(200);
    }

    /** Waits until the audit log holds, for each of {@code actions}, an entry {@code matches} accepts. */
    private void awaitAudit(LocalFleet fleet, String what, Predicate<AuditEntry> matches, ActionType... actions)
            throws InterruptedException {
        long deadline = System.nanoTime() + SCENARIO_PATIENCE.toNanos();
        while (true) {
            List<AuditEntry> audit = fleet.audit(200);
            Set<ActionType> seen = new HashSet<>();
            audit.stream().filter(matches).forEach(e -> seen.add(e.action()));
            if (seen.containsAll(List.of(actions))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder lines = new StringBuilder();
                audit.forEach(e -> lines.append(String.format("  %s %s %s %s: %s%n", e.at(), e.node(), e.action(),
                        e.outcome(), e.reason())));
                fail("remediation did not show '%s' within %d s; the audit log:%n%s", what,
                        SCENARIO_PATIENCE.toSeconds(), lines);
            }
            Thread.sleep(250);
        }
    }

    /** Waits until Prometheus has a sample of {@code selector}. */
    private void awaitSeries(PrometheusApi api, String selector) throws InterruptedException {
        long deadline = System.nanoTime() + SCENARIO_PATIENCE.toNanos();
        while (!api.query(selector).hasData()) {
            if (System.nanoTime() > deadline) {
                fail("Prometheus had no sample of %s within %d s", selector, SCENARIO_PATIENCE.toSeconds());
            }
            Thread.sleep(250);
        }
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
