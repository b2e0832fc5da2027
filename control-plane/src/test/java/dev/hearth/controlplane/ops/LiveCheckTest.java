package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The live check's verdicts against a table of answers instead of a Prometheus. */
class LiveCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final QueryOutcome DATA = QueryOutcome.of(List.of(Map.of("node", "node-1")));

    /** Answers from a table; anything else returns an empty vector. Records what was asked. */
    private static final class Table implements QueryRunner {
        final Map<String, QueryOutcome> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        Table answer(String expr, QueryOutcome outcome) {
            answers.put(expr, outcome);
            return this;
        }

        @Override
        public QueryOutcome query(String expr) {
            asked.add(expr);
            return answers.getOrDefault(expr, QueryOutcome.of(List.of()));
        }
    }

    @Test
    void templateVariablesAreSubstitutedAsGrafanaSendsThem() {
        List<String> problems = new ArrayList<>();
        String expr = DashboardQueries.substitute("sum(rate(x{node=~\"$node\",b=~\"${building}\",c=~\"[[node]]\","
                + "d=~\"${node:regex}\"}[$__rate_interval])) / $__range_s + $nope",
                Map.of("node", ".*", "building", "building-1", "__rate_interval", "1m", "__range_s", "60"),
                "here", problems);
        assertThat(expr).isEqualTo("sum(rate(x{node=~\".*\",b=~\"building-1\",c=~\".*\",d=~\".*\"}[1m])) / 60 + $nope");
        assertThat(problems).singleElement().asString().contains("here uses $nope");
    }

    @Test
    void everyPanelWithoutDataIsListedWithItsFileTitleAndExpression(@TempDir Path dir) throws Exception {
        Table prometheus = new Table()
                .answer("group by (node) (hearth_node_state)", DATA)
                .answer("sum(hearth_node_state{node=~\".*\"})", DATA);
        LiveCheck.Report report = check(dir, dashboard(), Map.of(), "exceptions: []\n").run(prometheus,
                Duration.ZERO, Duration.ZERO);

        assertThat(report.passed()).isFalse();
        assertThat(report.text()).contains("no data, and not excused", "(1):",
                "dashboards/d.json · panel 'Power' · A",
                "expr: sum by (node) (hearth_bmc_power_consumed_watts{node=~\".*\"}[1m])",
                "as written: sum by (node) (hearth_bmc_power_consumed_watts{node=~\"$node\"}[$__rate_interval])")
                .doesNotContain("panel 'Serving'");
    }

    @Test
    void anExcusedPanelPassesWithItsReasonShownAndAStaleOrDanglingExcuseFails(@TempDir Path dir) throws Exception {
        Table prometheus = new Table()
                .answer("group by (node) (hearth_node_state)", DATA)
                .answer("sum(hearth_node_state{node=~\".*\"})", DATA);
        String exceptions = """
                exceptions:
                  - dashboard: d.json
                    panel: Power
                    reason: only a real BMC reports it
                """;
        LiveCheck.Report ok = check(dir, dashboard(), Map.of(), exceptions).run(prometheus, Duration.ZERO,
                Duration.ZERO);
        assertThat(ok.passed()).as(ok.text()).isTrue();
        assertThat(ok.text()).contains("excused by", "panel 'Power' · A: only a real BMC reports it");

        String staleAndDangling = exceptions + """
                  - dashboard: d.json
                    panel: Serving
                    reason: was empty once
                  - dashboard: d.json
                    panel: Gone
                    reason: renamed since
                  - dashboard: other.json
                    variable: node
                    reason: no such dashboard
                  - rule: NodeDown
                    reason: alerts need none
                  - dashboard: d.json
                    reason: names no panel
                """;
        LiveCheck.Report stale = check(dir, dashboard(), Map.of("a.yml", rules()), staleAndDangling)
                .run(prometheus, Duration.ZERO, Duration.ZERO);
        assertThat(stale.text())
                .contains("entry 2 (d.json · panel 'Serving'): every query of it returns data now; remove the entry")
                .contains("entry 3 (d.json · panel 'Gone') names nothing that exists: dashboards/d.json has no panel"
                        + " with queries titled 'Gone' (its panels: [Serving, Power])")
                .contains("entry 4 (other.json · variable '$node') names nothing that exists: there is no"
                        + " dashboards/other.json")
                .contains("entry 5 (rule 'NodeDown') names nothing that exists: 'NodeDown' is an alert")
                .contains("malformed entries", "entry 6");
    }

    @Test
    void recordingRulesNeedDataAndTheirSeriesAlertsOnlyNeedToBeAccepted(@TempDir Path dir) throws Exception {
        Table prometheus = new Table()
                .answer("sum(rate(hearth_gateway_requests_total[5m]))", DATA)
                .answer("hearth_node_state{state=\"isolated\"} == 1", QueryOutcome.of(List.of()))
                .answer("hearth_gateway_routable_nodes = 0",
                        QueryOutcome.failed("bad_data: 1:31: parse error: unexpected \"=\"", true));
        LiveCheck.Report report = check(dir, null, Map.of("a.yml", rules()), null).run(prometheus, Duration.ZERO,
                Duration.ZERO);
        assertThat(report.text())
                .contains("alerts/a.yml · recorded series 'hearth:requests:rate5m' · group g",
                        "expr: hearth:requests:rate5m{scope=\"fleet\"}")
                .contains("rejected by Prometheus (1):", "alerts/a.yml · alert 'NoRoutes' · group g",
                        "error: bad_data: 1:31: parse error")
                .doesNotContain("record 'hearth:requests:rate5m'")
                .doesNotContain("alert 'NodeDown'");
        // a rejected expression is asked once: the answer would not change
        assertThat(prometheus.asked).containsOnlyOnce("hearth_gateway_routable_nodes = 0");
    }

    @Test
    void queriesAreAskedAgainUntilTheyHaveDataAndAVariableWithoutAllTakesTheFirstValue(@TempDir Path dir)
            throws Exception {
        String dashboard = """
                {"templating": {"list": [
                  {"name": "building", "type": "query", "query": {"query": "label_values(hearth_node_state, building)"},
                   "includeAll": false},
                  {"name": "interval", "type": "interval", "query": "5m,1h", "current": {}}]},
                 "panels": [{"type": "row", "title": "r", "panels": [
                   {"title": "Late", "targets": [{"refId": "A",
                     "expr": "max(hearth_node_state{building=\\"$building\\"}[$interval])"}]}]}]}
                """;
        int[] calls = {0};
        QueryRunner prometheus = expr -> {
            if (expr.equals("group by (building) (hearth_node_state)")) {
                return QueryOutcome.of(List.of(Map.of("building", "building-2"), Map.of("building", "building-1")));
            }
            if (expr.equals("max(hearth_node_state{building=\"building-1\"}[5m])")) {
                return ++calls[0] < 3 ? QueryOutcome.of(List.of()) : DATA;
            }
            return QueryOutcome.of(List.of());
        };
        LiveCheck.Report report = check(dir, dashboard, Map.of(), null).run(prometheus, Duration.ofSeconds(30),
                Duration.ofMillis(1));
        assertThat(report.passed()).as(report.text()).isTrue();
        assertThat(calls[0]).isEqualTo(3);
        assertThat(report.summary().get(0)).contains("2 queries (1 variable, 1 panel), 2 with data after 3 round(s)");
    }

    private static LiveCheck check(Path dir, String dashboard, Map<String, JsonNode> rules, String exceptions)
            throws IOException {
        Path file = dir.resolve(LiveCheckExceptions.FILE);
        Files.deleteIfExists(file);
        if (exceptions != null) {
            Files.writeString(file, exceptions);
        }
        List<DashboardQueries> dashboards = dashboard == null ? List.of()
                : List.of(new DashboardQueries("d.json", JSON.readTree(dashboard)));
        return new LiveCheck(dashboards, rules, LiveCheckExceptions.read(file));
    }

    private static String dashboard() {
        return """
                {"templating": {"list": [
                  {"name": "datasource", "type": "datasource", "query": "prometheus"},
                  {"name": "node", "type": "query", "query": {"query": "label_values(hearth_node_state, node)"},
                   "includeAll": true, "allValue": ".*"}]},
                 "panels": [
                  {"title": "Serving", "targets": [{"refId": "A", "expr": "sum(hearth_node_state{node=~\\"$node\\"})"}]},
                  {"title": "Power", "targets": [{"refId": "A",
                    "expr": "sum by (node) (hearth_bmc_power_consumed_watts{node=~\\"$node\\"}[$__rate_interval])"}]},
                  {"title": "Text", "type": "text"}]}
                """;
    }

    private static JsonNode rules() throws IOException {
        return YAML.readTree("""
                groups:
                  - name: g
                    rules:
                      - record: hearth:requests:rate5m
                        expr: sum(rate(hearth_gateway_requests_total[5m]))
                        labels:
                          scope: fleet
                      - alert: NodeDown
                        expr: hearth_node_state{state="isolated"} == 1
                      - alert: NoRoutes
                        expr: hearth_gateway_routable_nodes = 0
                """);
    }
}
