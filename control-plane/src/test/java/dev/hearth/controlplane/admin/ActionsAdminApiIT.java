package dev.hearth.controlplane.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.Main;
import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import dev.hearth.remediation.ActionExecutor;
import dev.hearth.remediation.ActionMode;
import dev.hearth.remediation.ActionModes;
import dev.hearth.remediation.AuditEntry;
import dev.hearth.remediation.Backends;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.Guard;
import dev.hearth.remediation.GuardPolicy;
import dev.hearth.remediation.GuardState;
import dev.hearth.remediation.PendingAction;
import dev.hearth.remediation.PlannedAction;
import dev.hearth.remediation.Planner;
import dev.hearth.remediation.PostgresAuditLog;
import dev.hearth.remediation.PostgresPendingActions;
import dev.hearth.remediation.Remediator;
import dev.hearth.remediation.RetryPolicy;
import dev.hearth.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Approvals and the breaker through the admin API and the {@code actions} and {@code breaker} commands,
 * on a real remediator with its pending actions and audit in PostgreSQL.
 */
class ActionsAdminApiIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final AdminToken TOKEN = AdminToken.generate(new SecureRandom());
    private static final List<PlannedAction> CARRIED_OUT = new CopyOnWriteArrayList<>();
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static Remediator remediator;
    private static AdminApi api;
    private static Path dataDir;
    private static volatile Instant now = T0;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        PostgresAuditLog audit = new PostgresAuditLog(ds, JSON).migrate();
        FleetActuator gateway = action -> CARRIED_OUT.add(action);
        remediator = new Remediator(List.of("node-1", "node-2", "node-3", "node-4"), T0, new Planner(Duration.ofMinutes(1)),
                new Guard(new GuardPolicy(0.5, 1, Duration.ofMinutes(10))),
                new ActionExecutor(Backends.of(gateway, ActionType.ISOLATE, ActionType.RESTORE), RetryPolicy.defaults(),
                        d -> { }, Executors.newCachedThreadPool()),
                new ActionModes(Map.of(ActionType.ISOLATE, ActionMode.APPROVAL), Duration.ofMinutes(5)),
                new PostgresPendingActions(ds, JSON), audit, new SimpleMeterRegistry());
        dataDir = Files.createTempDirectory("hearth-actions-it");
        TOKEN.store(dataDir);
        api = new AdminApi(new RemediationFleetDouble(audit), JSON, TOKEN).start(0);
    }

    @AfterAll
    static void stop() {
        api.close();
        ds.close();
        db.close();
    }

    private static Finding hot(String node) {
        return new Finding(node, "gpu-overheat", Severity.CRITICAL, "GPU hot", T0, List.of(new Sample(T0, node,
                "hearth_bmc_temperature_celsius", Map.of("physical_context", "GPU"), 95)), ActionType.ISOLATE,
                "GPU at 95 °C");
    }

    @Test
    void operatorsListApproveAndRejectWaitingActionsAndResetTheBreaker() throws Exception {
        remediator.onFindings(List.of(hot("node-1"), hot("node-2"), hot("node-3")), T0.plusSeconds(1));
        now = T0.plusSeconds(2);
        Run list = run("actions", "list");
        assertThat(list.code).as(list.err).isZero();
        assertThat(list.out.lines().findFirst().orElseThrow()).contains("ID", "ACTION", "NODE", "EXPIRES", "WHY");
        List<PendingAction> waiting = remediator.pending(T0.plusSeconds(2)).stream()
                .filter(p -> !p.action().node().equals("node-4")).toList(); // the other test's, when it ran first
        assertThat(waiting).hasSize(3);
        String first = waiting.get(0).id();
        String second = waiting.get(1).id();
        String third = waiting.get(2).id();
        String firstNode = waiting.get(0).action().node();
        String secondNode = waiting.get(1).action().node();
        String thirdNode = waiting.get(2).action().node();
        assertThat(list.out).contains(first + "  isolate", firstNode, "GPU at 95 °C");

        now = T0.plusSeconds(10);
        Run approve = run("actions", "approve", first);
        assertThat(approve.code).as(approve.err).isZero();
        assertThat(approve.out).startsWith(first + " isolate " + firstNode + ": executed — approved by an operator: GPU at 95 °C");
        assertThat(CARRIED_OUT).extracting(PlannedAction::node).containsExactly(firstNode);

        Run again = run("actions", "approve", first);
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err).contains("no action " + first + " waits for approval");

        Run reject = run("actions", "reject", second);
        assertThat(reject.code).as(reject.err).isZero();
        assertThat(reject.out).contains(secondNode + ": rejected — rejected by an operator");

        // the window allows one isolation: approving the third trips the breaker instead of isolating
        now = T0.plusSeconds(20);
        Run tripped = run("actions", "approve", third);
        assertThat(tripped.code).as(tripped.err).isZero();
        assertThat(tripped.out).contains(thirdNode + ": refused — approved by an operator, but 1 isolations in the last 600 s"
                + " already; the limit is 1");
        Run breaker = run("breaker");
        assertThat(breaker.out).startsWith("tripped at " + T0.plusSeconds(20));
        Run reset = run("breaker", "reset");
        assertThat(reset.code).as(reset.err).isZero();
        assertThat(reset.out).startsWith("an operator reset the isolation breaker, tripped at " + T0.plusSeconds(20));
        assertThat(run("breaker").out).startsWith("closed");

        Run badId = run("actions", "approve", "node-1");
        assertThat(badId.code).isEqualTo(2);
        assertThat(badId.err).contains("action id 'node-1' is not 12 hexadecimal digits");
        assertThat(CARRIED_OUT).hasSize(1);
    }

    @Test
    void anExpiredApprovalIsRefusedWithWhenAndAHouseholdKeyIsRefused() throws Exception {
        remediator.onFindings(List.of(hot("node-4")), T0.plusSeconds(100));
        now = T0.plusSeconds(101);
        String id = remediator.pending(T0.plusSeconds(101)).stream().filter(p -> p.action().node().equals("node-4"))
                .findFirst().orElseThrow().id();
        HttpResponse<String> household = HTTP.send(HttpRequest.newBuilder(api.uri().resolve("/api/actions/" + id
                        + "/approve")).header("Authorization", "Bearer hh-" + "a".repeat(43))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(household.statusCode()).isEqualTo(403);
        assertThat(household.body()).contains("a household API key cannot change the fleet");

        now = T0.plusSeconds(100).plus(Duration.ofMinutes(5));
        HttpResponse<String> expired = HTTP.send(HttpRequest.newBuilder(api.uri().resolve("/api/actions/" + id
                        + "/approve")).header("Authorization", "Bearer " + TOKEN.reveal())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(expired.body()).contains("expired at " + now);
        assertThat(remediator.pending(now)).noneMatch(p -> p.id().equals(id));
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--admin-url", api.uri().toString(), "--data-dir", dataDir.toString())).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Test double of {@link FleetControl}: remediation only, at the test's explicit time. */
    private static final class RemediationFleetDouble extends FleetControlDouble {
        private final PostgresAuditLog audit;

        RemediationFleetDouble(PostgresAuditLog audit) {
            this.audit = audit;
        }



        @Override
        public List<AuditEntry> audit(int limit) {
            return audit.recent(limit);
        }


        @Override
        public List<PendingAction> pendingActions() {
            return remediator.pending(now);
        }

        @Override
        public AuditEntry approve(String id) {
            return remediator.approve(id, now);
        }

        @Override
        public AuditEntry reject(String id) {
            return remediator.reject(id, now);
        }

        @Override
        public GuardState.Breaker breaker() {
            return remediator.breaker();
        }

        @Override
        public AuditEntry resetBreaker() {
            return remediator.resetBreaker(now);
        }
    }
}
