package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * alerts/alertmanager.yml: {@code amtool check-config} accepts it; {@code amtool config routes test}
 * sends every alert to the receiver of its severity; and its inhibit rules, which amtool cannot test,
 * are checked against the alerts' labels (from the rule files and the promtool tests) and played
 * through on the real alerts' label sets.
 */
class AlertmanagerConfigIT {
    private static final long TIMEOUT_SECONDS = 60;
    /** The receiver each severity must reach. */
    private static final Map<String, String> RECEIVER_BY_SEVERITY = Map.of("page", "pager", "ticket", "ticket");
    private static final Pattern MATCHER = Pattern.compile(
            "^\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|(\\S*))\\s*$");

    private final OpsRepo repo = OpsRepo.locate();

    @Test
    void configPassesAmtoolCheckConfig() {
        Path file = repo.alertmanagerConfig();
        OpsRepo.ToolRun run = amtool(repo, "check-config", repo.relative(file));
        if (run.exitCode() != 0) {
            fail("%s fails amtool check-config: %s", repo.relative(file), run.describe());
        }
    }

    @Test
    void aPageAlertGoesToThePager() {
        assertThat(route(repo, Map.of("alertname", "HearthNoRoutableNodes", "severity", "page", "scope", "fleet",
                "job", "hearth-gateway", "instance", "gw-1:8000"), "pager")).isEqualTo("pager");
    }

    @Test
    void aTicketAlertGoesToTheTicketQueue() {
        assertThat(route(repo, Map.of("alertname", "HearthNodeIsolated", "severity", "ticket", "scope", "node",
                "node", "node-2", "state", "isolated"), "ticket")).isEqualTo("ticket");
    }

    @Test
    void anAlertWithoutASeverityStillReachesAPerson() {
        assertThat(route(repo, Map.of("alertname", "SomethingElse"), "ticket")).isEqualTo("ticket");
    }

    @TestFactory
    Stream<DynamicTest> everyAlertReachesTheReceiverOfItsSeverity() {
        List<OpsRepo.Rule> alerts = repo.alertRules();
        assertThat(alerts).as("alerts in %s", repo.alerts()).isNotEmpty();
        return alerts.stream().map(alert -> DynamicTest.dynamicTest(alert.ruleName(), () -> {
            Map<String, String> labels = new LinkedHashMap<>(alert.staticLabels());
            labels.put("node", "node-1");
            String expected = RECEIVER_BY_SEVERITY.get(labels.get("severity"));
            assertThat(expected).as("receiver for severity %s of %s", labels.get("severity"), alert.ruleName())
                    .isNotNull();
            assertThat(route(repo, labels, expected)).as("receiver of %s", alert.ruleName()).isEqualTo(expected);
        }));
    }

    @Test
    void inhibitRulesMatchRealAlertsThatCarryTheirEqualLabels() {
        assertThat(inhibitionProblems(repo)).as("inhibit rules of %s", repo.relative(repo.alertmanagerConfig()))
                .isEmpty();
    }

    @Test
    void anIsolatedNodeMutesOnlyItsOwnServiceAlerts() {
        List<InhibitRule> rules = inhibitRules(repo);
        Map<String, String> isolatedA = firing("HearthNodeIsolated", "node-a");
        for (OpsRepo.Rule alert : repo.alertRules()) {
            String scope = alert.staticLabels().get("scope");
            Map<String, String> onA = firing(alert.ruleName(), "node-a");
            Map<String, String> onB = firing(alert.ruleName(), "node-b");
            boolean service = "service".equals(scope);
            assertThat(inhibited(rules, onA, List.of(isolatedA))).as("%s (scope %s) on the isolated node-a is muted",
                    alert.ruleName(), scope).isEqualTo(service);
            assertThat(inhibited(rules, onB, List.of(isolatedA))).as("%s on node-b, which serves, is muted",
                    alert.ruleName()).isFalse();
        }
        assertThat(repo.alertRules()).as("service alerts").anySatisfy(a ->
                assertThat(a.staticLabels()).containsEntry("scope", "service"));
    }

    @Test
    void aTrippedBreakerMutesIsolatedNodeAlertsOnly() {
        List<InhibitRule> rules = inhibitRules(repo);
        List<Map<String, String>> breaker = List.of(firing("HearthRemediationBreakerTripped", null));
        assertThat(inhibited(rules, firing("HearthNodeIsolated", "node-a"), breaker)).isTrue();
        assertThat(inhibited(rules, firing("HearthNoRoutableNodes", null), breaker)).isFalse();
        assertThat(inhibited(rules, firing("HearthGpuFatalXid", "node-a"), breaker)).isFalse();
        assertThat(inhibited(rules, firing("HearthNodeIsolated", "node-a"), List.of())).isFalse();
    }

    // --- the checks fire on broken fixtures ----------------------------------------------------------

    @Test
    void aBrokenConfigFailsAmtoolCheckConfig() {
        OpsRepo bad = OpsRepo.fixture("alertmanager-broken");
        OpsRepo.ToolRun run = amtool(bad, "check-config", bad.relative(bad.alertmanagerConfig()));
        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        assertThat(run.output()).contains("alerts/alertmanager.yml").contains("undefined receiver \"pager\"");
    }

    @Test
    void inhibitRulesThatCannotWorkAreReported() {
        OpsRepo bad = OpsRepo.fixture("inhibit-mismatch");
        assertThat(inhibitionProblems(bad)).containsExactlyInAnyOrder(
                "alerts/alertmanager.yml inhibit rule 1 (equal [node]): target alert HearthServiceDown fires"
                        + " without label node in alerts/tests/rules.test.yml at 2m, so the rule cannot mute it",
                "alerts/alertmanager.yml inhibit rule 2: source_matchers [alertname=\"HearthNoSuchAlert\"] match"
                        + " no alert in alerts/",
                "alerts/alertmanager.yml inhibit rule 3: target_matchers [scope=\"nothing\"] match no alert in alerts/",
                "alerts/alertmanager.yml inhibit rule 4: uses source_match, target_match; write source_matchers and"
                        + " target_matchers (label=\"value\" strings)");
    }

    // --- inhibit rules ------------------------------------------------------------------------------

    /** One label matcher of Alertmanager: {@code label="value"}, {@code !=}, {@code =~} or {@code !~}. */
    record LabelMatcher(String label, String op, String value) {
        static LabelMatcher parse(String text) {
            Matcher m = MATCHER.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("not an Alertmanager matcher: " + text);
            }
            String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(4);
            return new LabelMatcher(m.group(1), m.group(2), value);
        }

        boolean matches(Map<String, String> labels) {
            String actual = labels.getOrDefault(label, "");
            return switch (op) {
                case "=" -> actual.equals(value);
                case "!=" -> !actual.equals(value);
                case "=~" -> actual.matches(value);
                default -> !actual.matches(value);
            };
        }

        @Override
        public String toString() {
            return label + op + "\"" + value + "\"";
        }
    }

    record InhibitRule(int number, List<LabelMatcher> sources, List<LabelMatcher> targets, List<String> equal,
                       List<String> legacyKeys) {
        boolean mutes(Map<String, String> target, Map<String, String> source) {
            return !target.equals(source) && targets.stream().allMatch(m -> m.matches(target))
                    && sources.stream().allMatch(m -> m.matches(source))
                    && equal.stream().allMatch(l -> target.getOrDefault(l, "").equals(source.getOrDefault(l, "")));
        }
    }

    static List<InhibitRule> inhibitRules(OpsRepo repo) {
        List<InhibitRule> rules = new ArrayList<>();
        int number = 0;
        for (JsonNode rule : OpsRepo.readYaml(repo.alertmanagerConfig()).path("inhibit_rules")) {
            number++;
            List<String> legacy = new ArrayList<>();
            for (String key : List.of("source_match", "source_match_re", "target_match", "target_match_re")) {
                if (rule.has(key)) {
                    legacy.add(key);
                }
            }
            List<String> equal = new ArrayList<>();
            rule.path("equal").forEach(l -> equal.add(l.asText()));
            rules.add(new InhibitRule(number, matchers(rule.path("source_matchers")),
                    matchers(rule.path("target_matchers")), equal, legacy));
        }
        return rules;
    }

    private static List<LabelMatcher> matchers(JsonNode list) {
        List<LabelMatcher> matchers = new ArrayList<>();
        list.forEach(m -> matchers.add(LabelMatcher.parse(m.asText())));
        return matchers;
    }

    /** Whether Alertmanager would mute {@code target} while the {@code firing} alerts fire. */
    static boolean inhibited(List<InhibitRule> rules, Map<String, String> target, List<Map<String, String>> firing) {
        return rules.stream().anyMatch(r -> firing.stream().anyMatch(source -> r.mutes(target, source)));
    }

    /**
     * What would keep an inhibit rule from working: matchers that match no alert of the rule files (by
     * its alertname and static labels), and a source or target alert that a promtool test sees fire
     * without a label the rule's {@code equal} compares (Alertmanager then compares "" with the value).
     */
    static List<String> inhibitionProblems(OpsRepo repo) {
        String where = repo.relative(repo.alertmanagerConfig());
        List<OpsRepo.Rule> alerts = repo.alertRules();
        List<OpsRepo.AlertCase> cases = repo.alertCases();
        List<String> problems = new ArrayList<>();
        for (InhibitRule rule : inhibitRules(repo)) {
            String name = where + " inhibit rule " + rule.number();
            if (!rule.legacyKeys().isEmpty()) {
                problems.add(name + ": uses " + String.join(", ", rule.legacyKeys())
                        + "; write source_matchers and target_matchers (label=\"value\" strings)");
                continue;
            }
            for (String side : List.of("source", "target")) {
                List<LabelMatcher> matchers = side.equals("source") ? rule.sources() : rule.targets();
                List<OpsRepo.Rule> matched = alerts.stream()
                        .filter(a -> matchers.stream().allMatch(m -> m.matches(a.staticLabels()))).toList();
                if (matched.isEmpty()) {
                    problems.add(name + ": " + side + "_matchers " + matchers + " match no alert in "
                            + repo.relative(repo.alerts()) + "/");
                }
                for (OpsRepo.Rule alert : matched) {
                    for (String label : rule.equal()) {
                        if (alert.staticLabels().containsKey(label)) {
                            continue;
                        }
                        cases.stream().filter(c -> c.alertname().equals(alert.ruleName()))
                                .filter(c -> c.expectedLabels().stream().anyMatch(l -> !l.containsKey(label)))
                                .findFirst()
                                .ifPresent(c -> problems.add(name + " (equal " + rule.equal() + "): " + side + " alert "
                                        + alert.ruleName() + " fires without label " + label + " in "
                                        + repo.relative(c.file()) + " at " + c.evalTime()
                                        + ", so the rule cannot mute it"));
                    }
                }
            }
        }
        return problems;
    }

    /** The labels of one alert of this name as it fires: its rule's static labels, on {@code node} if given. */
    private Map<String, String> firing(String alertname, String node) {
        OpsRepo.Rule rule = repo.alertRules().stream().filter(a -> a.ruleName().equals(alertname)).findFirst()
                .orElseGet(() -> fail("no alert %s in %s", alertname, repo.alerts()));
        Map<String, String> labels = new LinkedHashMap<>(rule.staticLabels());
        if (node != null) {
            labels.put("node", node);
        }
        return labels;
    }

    // --- amtool -------------------------------------------------------------------------------------

    /** The receiver {@code amtool config routes test} picks for these labels, verified against the expected one. */
    private static String route(OpsRepo repo, Map<String, String> labels, String expected) {
        List<String> args = new ArrayList<>(List.of("config", "routes", "test",
                "--config.file=" + repo.relative(repo.alertmanagerConfig()), "--verify.receivers=" + expected));
        labels.forEach((k, v) -> args.add(k + "=" + v));
        OpsRepo.ToolRun run = amtool(repo, args.toArray(String[]::new));
        List<String> lines = run.output().lines().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("Warning:")).toList();
        assertThat(run.exitCode()).as("routing %s: %s", labels, run.describe()).isZero();
        assertThat(lines).as("routing %s: %s", labels, run.describe()).isNotEmpty();
        return lines.get(lines.size() - 1);
    }

    private static OpsRepo.ToolRun amtool(OpsRepo repo, String... args) {
        Path amtool = OpsRepo.executable("amtool").orElseGet(() -> fail("amtool not found on the PATH: install the"
                + " Debian package 'prometheus-alertmanager' (apt-get install -y prometheus-alertmanager)"));
        List<String> command = new ArrayList<>(List.of(amtool.toString()));
        command.addAll(List.of(args));
        return OpsRepo.run(repo.root, TIMEOUT_SECONDS, command);
    }
}
