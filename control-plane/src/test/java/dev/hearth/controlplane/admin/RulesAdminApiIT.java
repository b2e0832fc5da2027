package dev.hearth.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.Main;
import dev.hearth.rules.CompiledRules;
import dev.hearth.rules.Evaluation;
import dev.hearth.rules.Firing;
import dev.hearth.rules.FiringOutcome;
import dev.hearth.rules.PostgresFiringLog;
import dev.hearth.rules.ReloadResult;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.RuleProblem;
import dev.hearth.rules.authoring.RuleCompiler;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/rules}, {@code /api/rules/firings} and {@code hearth rules firings}, on a real firing log. */
class RulesAdminApiIT {
    private static final ObjectMapper JSON = Json.newMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static AdminApi api;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        PostgresFiringLog log = new PostgresFiringLog(ds).migrate();
        log.append(new Evaluation(T0, List.of(), List.of(), List.of(
                new Firing(T0, "GPU hot", "rules", List.of("Reading[node=node-2, value=93.0]"), false,
                        FiringOutcome.ACTED, "node-2", "gpu-overheat"),
                new Firing(T0, "Power trial", "rules", List.of("Reading[node=node-3, value=340.0]"), true,
                        FiringOutcome.SHADOW, "node-3", null))));
        CompiledRules rules = new RuleCompiler().compile(new RulePack(Map.of(
                "hot.drl", "package t;\nrule \"GPU hot\"\nwhen\nthen\nend\n",
                "shadow/trial.drl", "package t;\nrule \"Power trial\"\nwhen\nthen\nend\n"), Set.of("shadow/trial.drl")));
        ReloadResult failed = new ReloadResult(T0, ReloadResult.Outcome.FAILED, List.of("hot.drl", "shadow/trial.drl"), 2,
                List.of(new RuleProblem("hot.drl", 4, "mismatched input")));
        api = new AdminApi(new RulesFleetDouble(RulesView.of("/etc/hearth/rules", rules, failed), log), JSON, AdminToken.generate(new java.security.SecureRandom())).start(0);
    }

    @AfterAll
    static void stop() {
        api.close();
        ds.close();
        db.close();
    }

    @Test
    void rulesListFilesRulesShadowFlagsAndTheLastReload() throws Exception {
        HttpResponse<String> r = get("/api/rules");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("source").asText()).isEqualTo("/etc/hearth/rules");
        assertThat(body.get("rules").asInt()).isEqualTo(2);
        assertThat(body.at("/files/1/name").asText()).isEqualTo("shadow/trial.drl");
        assertThat(body.at("/files/1/shadow").asBoolean()).isTrue();
        assertThat(body.at("/files/0/rules/0/name").asText()).isEqualTo("GPU hot");
        assertThat(body.at("/files/0/rules/0/line").asInt()).isEqualTo(2);
        assertThat(body.at("/files/0/rules/0/shadow").asBoolean()).isFalse();
        assertThat(body.at("/lastReload/outcome").asText()).isEqualTo("FAILED");
        assertThat(body.at("/lastReload/problems/0/line").asInt()).isEqualTo(4);
    }

    @Test
    void firingsAreServedNewestFirstByRuleAndLimit() throws Exception {
        JsonNode all = JSON.readTree(get("/api/rules/firings").body());
        assertThat(all).hasSize(2);
        JsonNode hot = JSON.readTree(get("/api/rules/firings?limit=5&rule=GPU%20hot").body());
        assertThat(hot).hasSize(1);
        assertThat(hot.at("/0/outcome").asText()).isEqualTo("ACTED");
        assertThat(hot.at("/0/findingKind").asText()).isEqualTo("gpu-overheat");
        assertThat(hot.at("/0/matched/0").asText()).isEqualTo("Reading[node=node-2, value=93.0]");
        assertThat(get("/api/rules/firings?limit=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/rules/firings?rule=").statusCode()).isEqualTo(400);
    }

    @Test
    void theFiringsCommandPrintsThemThroughTheApi() {
        String url = api.uri().toString();
        Run r = run("rules", "firings", "--rule", "GPU hot", "--admin-url", url);
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).isEqualTo("2026-11-28T10:00:00Z  acted   GPU hot — node-2 gpu-overheat\n"
                + "    Reading[node=node-2, value=93.0]\n");
        Run none = run("rules", "firings", "--rule", "Nothing", "--admin-url", url);
        assertThat(none.out).isEqualTo("no firings of rule \"Nothing\" recorded\n");
        Run shadow = run("rules", "firings", "--limit", "1", "--admin-url", url);
        assertThat(shadow.out.lines().findFirst().orElseThrow()).contains("shadow").contains("—");
    }

    @Test
    void aFleetWithoutAFiringLogSaysSo() throws Exception {
        try (AdminApi bare = new AdminApi(new RulesFleetDouble(null, null), JSON, AdminToken.generate(new java.security.SecureRandom())).start(0)) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(bare.uri().resolve("/api/rules/firings")).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(501);
            assertThat(r.body()).contains("this fleet does not store rule firings");
            Run cli = run("rules", "firings", "--admin-url", bare.uri().toString());
            assertThat(cli.code).isEqualTo(1);
            assertThat(cli.err.strip()).isEqualTo("hearth: this fleet does not store rule firings");
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(api.uri().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** Test double of {@link FleetControl}: rules as given, firings from a real log; without them, the defaults. */
    private static final class RulesFleetDouble extends FleetControlDouble {
        private final RulesView rules;
        private final PostgresFiringLog log;

        RulesFleetDouble(RulesView rules, PostgresFiringLog log) {
            this.rules = rules;
            this.log = log;
        }

        @Override
        public RulesView rules() {
            return rules == null ? super.rules() : rules;
        }

        @Override
        public List<Firing> firings(int limit, Optional<String> rule) {
            return log == null ? super.firings(limit, rule) : log.recent(limit, rule);
        }




    }
}
