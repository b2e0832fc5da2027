package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.controlplane.cli.HearthCommand;
import dev.hearth.model.ActionType;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboards, alerts, recording rules and runbooks against the one metric catalogue, the remediation
 * action types, the {@code hearth} command and each other: a renamed or misspelt metric, a broken
 * expression, a missing runbook or runbook section, a command that does not exist, or a panel without
 * the data source variable fails here. Each check also runs on a small broken fixture under
 * {@code src/test/resources/ops/} to prove that it can fail, and how its message reads.
 */
class OpsCatalogueTest {
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");
    private static final List<String> TOPOLOGY_LABELS = List.of("household", "building", "spine");
    private static final Set<String> SEVERITIES = Set.of("page", "ticket");
    /** What an alert is about; alertmanager.yml mutes {@code service} alerts of an isolated node. */
    private static final Set<String> SCOPES = Set.of("service", "hardware", "node", "fleet");
    private static final List<String> RUNBOOK_SECTIONS = List.of("What it means", "Impact", "Confirm", "Mitigate",
            "Undo", "Escalate");

    /**
     * Metrics the alerts need that MetricCatalogue does not have yet, with their labels: allowed in rule
     * files (not in dashboards, which would show no data) until the catalogue has them. Each entry is a
     * request to the catalogue's owners.
     */
    static final Map<String, List<String>> REQUESTED_METRICS = Map.of();

    /** Series Prometheus writes itself for every scrape target. */
    private static final Map<String, List<String>> PROMETHEUS_SERIES = Map.of("up", List.of());

    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s#]+)(?:#[^)]*)?\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^## +(.+?)\\s*$");
    private static final Pattern HEARTH_COMMAND = Pattern.compile("\\./hearth((?:[ \\t]+[^\\s`|;&)#]+)*)");
    private static final Pattern RECORD_NAME = Pattern.compile("[a-z_]+:[a-z0-9_]+(?::[a-z0-9_]+)+");
    private static final Pattern RECORD_WINDOW = Pattern.compile("(\\d+[smhdwy])$");
    private static final Pattern RANGE = Pattern.compile("\\[([^\\]:]+)(?::[^\\]]*)?\\]");
    /** A metric or recording-rule name in prose: hearth_... or hearth:... */
    private static final Pattern HEARTH_SERIES = Pattern.compile("(?<![\\w:/.-])hearth[_:][a-z0-9_:]*[a-z0-9]");

    private final OpsRepo repo = OpsRepo.locate();

    // --- the repository -------------------------------------------------------------------------------

    @Test
    void dashboardQueriesUseOnlyCataloguedMetrics() {
        assertThat(repo.dashboards()).as("dashboards under %s", repo.root.resolve("dashboards")).isNotEmpty();
        assertThat(dashboardQueryProblems(repo)).as("dashboard queries against MetricCatalogue").isEmpty();
    }

    @Test
    void ruleExpressionsParseAndUseOnlyCataloguedMetrics() {
        assertThat(repo.rules()).as("rules in %s", repo.alerts()).isNotEmpty();
        assertThat(ruleExpressionProblems(repo)).as("rule expressions against MetricCatalogue").isEmpty();
    }

    @Test
    void recordingRulesAreNamedLevelMetricOperationsWithTheirWindow() {
        assertThat(repo.rules().stream().filter(r -> !r.isAlert())).as("recording rules in %s", repo.alerts())
                .isNotEmpty();
        assertThat(recordingRuleProblems(repo)).as("recording rule names").isEmpty();
    }

    @Test
    void everyAlertHasSeverityScopeAnnotationsAndAnExistingRunbook() {
        assertThat(repo.alertRules()).as("alerts in %s", repo.alerts()).isNotEmpty();
        assertThat(alertProblems(repo)).as("alert labels and annotations").isEmpty();
    }

    @Test
    void everyAlertHasPromtoolTestsThatSeeItFireAndStaySilent() {
        assertThat(repo.alertTestProblems()).as("promtool tests per alert").isEmpty();
    }

    @Test
    void everyActionTypeHasARunbook() {
        assertThat(actionRunbookProblems(repo)).as("a runbook per remediation action type").isEmpty();
    }

    @Test
    void runbooksAreListedHaveTheirSectionsAndOnlyRealLinksAndCommands() {
        assertThat(runbookProblems(repo)).as("runbooks").isEmpty();
    }

    @Test
    void requestedMetricsAreNotInTheCatalogueYet() {
        List<String> added = REQUESTED_METRICS.keySet().stream()
                .filter(m -> MetricCatalogue.byExposedName(m).isPresent()).sorted().toList();
        assertThat(added).as("metrics in MetricCatalogue now: delete them from OpsCatalogueTest.REQUESTED_METRICS,"
                + " so the alerts are checked against the catalogue's labels").isEmpty();
    }

    @Test
    void dashboardsHaveUidTitleAndUseTheDatasourceVariable() {
        List<String> problems = new ArrayList<>();
        for (Path file : repo.dashboards()) {
            JsonNode dashboard = OpsRepo.readJson(file);
            String name = file.getFileName().toString();
            for (String field : List.of("uid", "title")) {
                if (dashboard.path(field).asText().isBlank()) {
                    problems.add(name + ": no " + field);
                }
            }
            boolean hasVariable = false;
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("name").asText().equals("datasource")) {
                    hasVariable = variable.path("type").asText().equals("datasource")
                            && variable.path("query").asText().equals("prometheus");
                } else if (variable.path("type").asText().equals("query") && !usesVariable(variable.path("datasource"))) {
                    problems.add(name + ": variable $" + variable.path("name").asText() + " does not use ${datasource}");
                }
            }
            if (!hasVariable) {
                problems.add(name + ": no template variable 'datasource' of type datasource for prometheus");
            }
            List<JsonNode> panels = panels(dashboard);
            if (panels.isEmpty()) {
                problems.add(name + ": no panels");
            }
            for (JsonNode panel : panels) {
                String where = name + " panel '" + panel.path("title").asText() + "'";
                if (!usesVariable(panel.path("datasource"))) {
                    problems.add(where + ": datasource " + panel.path("datasource") + " is not ${datasource}");
                }
                if (panel.path("targets").isEmpty()) {
                    problems.add(where + ": no queries");
                }
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("datasource") && !usesVariable(target.path("datasource"))) {
                        problems.add(where + " " + target.path("refId").asText() + ": datasource is not ${datasource}");
                    }
                }
            }
        }
        assertThat(problems).as("dashboard structure").isEmpty();
    }

    // --- the parts -----------------------------------------------------------------------------------

    @Test
    void extractsMetricNamesButNotFunctionsLabelsDurationsOrVariables() {
        PromQlNames names = PromQlNames.of("histogram_quantile(0.99, sum by (le) (rate("
                + "hearth_gateway_request_duration_seconds_bucket{le=\"0.6\", job=~\"$job\"}[$__rate_interval])))"
                + " > bool 1e3 or sum without (instance) (hearth_node_state offset 5m) / on(node) group_left "
                + "max(hearth_bmc_fan_speed_rpm{fan=\"a{b}\"}[5m:1m])");
        assertThat(names.metrics()).containsExactly("hearth_gateway_request_duration_seconds_bucket",
                "hearth_node_state", "hearth_bmc_fan_speed_rpm");
        assertThat(names.functions()).containsExactly("histogram_quantile", "sum", "rate", "max");
        assertThat(names.groupingLabels()).containsExactly("le", "instance", "node");
        assertThat(names.selectors()).containsExactly(
                new PromQlNames.Selector("hearth_gateway_request_duration_seconds_bucket", Set.of("le", "job")),
                new PromQlNames.Selector("hearth_bmc_fan_speed_rpm", Set.of("fan")));
        assertThat(PromQlNames.ofTemplateQuery("label_values(hearth_node_state{state=\"isolated\"}, node)").metrics())
                .containsExactly("hearth_node_state");
        assertThat(PromQlNames.ofTemplateQuery("label_values(node)").metrics()).isEmpty();
        assertThat(PromQlNames.of("(a > 1) or (b and on () c) unless (d)").functions()).isEmpty();
    }

    @Test
    void aMisspeltMetricLabelOrFunctionIsReported() {
        List<String> problems = new ArrayList<>();
        check("probe", PromQlNames.of("sum by (nod) (rat(hearth_node_stat{stat=\"isolated\"}[5m]))"), Map.of(),
                problems);
        assertThat(problems).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("metric hearth_node_stat is not in MetricCatalogue"))
                .anySatisfy(p -> assertThat(p).contains("rat(...) is not a PromQL function"));
        problems.clear();
        check("probe", PromQlNames.of("max by (nod) (hearth_node_state{stat=\"isolated\"})"), Map.of(), problems);
        assertThat(problems).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("label stat"))
                .anySatisfy(p -> assertThat(p).contains("by/without/on label nod"));
    }

    @Test
    void unbalancedBracketsAndOpenStringsAreSyntaxProblems() {
        assertThat(PromQlNames.syntaxProblem("sum(rate(x[5m])) / on (node) y{a=\"(\"}")).isEmpty();
        assertThat(PromQlNames.syntaxProblem("sum(rate(x[5m])")).contains("the '(' at line 1, column 4 is never closed");
        assertThat(PromQlNames.syntaxProblem("rate(x[5m)]")).get().asString()
                .startsWith("unexpected ')' at line 1, column 10 where ']' closes the '['");
        assertThat(PromQlNames.syntaxProblem("x{a=\"b}")).get().asString().contains("never closed");
        assertThat(PromQlNames.syntaxProblem("a\nor b)")).contains("unexpected ')' at line 2, column 5");
        assertThat(PromQlNames.syntaxProblem(" ")).contains("the expression is empty");
    }

    @Test
    void hearthCommandsAreCheckedAgainstTheCommandLine() {
        assertThat(commandProblems("probe", "`./hearth status` then `./hearth actions approve ID`,\n"
                + "./hearth rules firings --limit 20 --rule NAME   # comment\n`./hearth breaker reset`")).isEmpty();
        assertThat(commandProblems("probe", "run `./hearth breaker open` now\n`./hearth status --verbose`"))
                .containsExactly(
                        "probe:1: `./hearth breaker open`: 'hearth breaker' has no subcommand 'open' (it has: reset)",
                        "probe:2: `./hearth status --verbose`: 'hearth status' has no option --verbose");
    }

    // --- the checks fire on broken fixtures ----------------------------------------------------------

    @Nested
    class OnBrokenFixtures {
        @Test
        void unknownMetricsAreReportedWithFileAndRule() {
            OpsRepo bad = OpsRepo.fixture("bad-rules");
            assertThat(ruleExpressionProblems(bad))
                    .anySatisfy(p -> assertThat(p).startsWith("alerts/rules.yml alert HearthMisspeltMetric:")
                            .contains("metric hearth_node_stat is not in MetricCatalogue"))
                    .anySatisfy(p -> assertThat(p).startsWith("alerts/rules.yml record hearth:gpu_temperature:max:")
                            .contains("metric hearth_gpu_temp_celsius is not in MetricCatalogue"))
                    .noneSatisfy(p -> assertThat(p).contains("HearthFine"));
        }

        @Test
        void recordingRulesWithAWrongWindowOrNameAreReported() {
            OpsRepo bad = OpsRepo.fixture("bad-rules");
            assertThat(recordingRuleProblems(bad)).containsExactlyInAnyOrder(
                    "alerts/rules.yml record hearth:node_requests:rate1h: its name says 1h, but it reads [5m]",
                    "alerts/rules.yml record node_requests_rate5m: not named level:metric:operations"
                            + " (e.g. hearth:gateway_requests:rate5m)");
        }

        @Test
        void alertsWithoutSeverityScopeOrRunbookAreReported() {
            OpsRepo bad = OpsRepo.fixture("bad-rules");
            assertThat(alertProblems(bad)).containsExactlyInAnyOrder(
                    "alerts/rules.yml alert HearthMisspeltMetric: labels.severity is 'urgent', expected one of"
                            + " [page, ticket]",
                    "alerts/rules.yml alert HearthMisspeltMetric: labels.scope is '', expected one of "
                            + new TreeSet<>(SCOPES),
                    "alerts/rules.yml alert HearthWithoutRunbook: annotations.runbook_url is missing",
                    "alerts/rules.yml alert HearthRunbookMissing: runbook_url 'runbooks/missing.md' is not a file"
                            + " under runbooks/ (write it, or fix the path relative to the repository root)",
                    "alerts/rules.yml alert HearthFine: runbooks/fine.md does not name HearthFine");
        }

        @Test
        void aBrokenExpressionIsReportedWithFileRuleAndPosition() {
            OpsRepo bad = OpsRepo.fixture("broken-promql");
            assertThat(ruleExpressionProblems(bad)).containsExactly(
                    "alerts/broken.yml alert HearthBrokenExpression: the '(' at line 1, column 4 is never closed");
        }

        @Test
        void missingActionRunbooksAreReportedWithTheFileToWrite() {
            OpsRepo bad = OpsRepo.fixture("bad-rules");
            List<String> problems = actionRunbookProblems(bad);
            assertThat(problems).hasSize(ActionType.values().length - 1)
                    .contains("ActionType.PROMOTE_STANDBY has no runbook: write runbooks/action-promote-standby.md")
                    .noneSatisfy(p -> assertThat(p).contains("ISOLATE"));
        }

        @Test
        void runbookProblemsNameTheFileAndWhatIsWrong() {
            OpsRepo bad = OpsRepo.fixture("bad-rules");
            assertThat(runbookProblems(bad)).containsExactlyInAnyOrder(
                    "runbooks/orphan.md is neither listed in runbooks/README.md nor any alert's runbook_url",
                    "runbooks/fine.md lacks the section '## Undo' (a runbook has: What it means, Impact, Confirm,"
                            + " Mitigate, Undo, Escalate, in that order)",
                    "runbooks/fine.md links to missing runbooks/nowhere.md",
                    "runbooks/fine.md:15: `./hearth breaker open`: 'hearth breaker' has no subcommand 'open'"
                            + " (it has: reset)",
                    "runbooks/fine.md:16: `./hearth status --verbose`: 'hearth status' has no option --verbose",
                    "runbooks/README.md lists HearthFine as 'page', but its rule says severity 'ticket'",
                    "runbooks/fine.md:7: hearth_node_requests is not in MetricCatalogue nor a recording rule in"
                            + " alerts/ (misspelt or renamed?)");
        }

        @Test
        void untestedAlertsAndCasesNamingUnknownAlertsAreReported() {
            OpsRepo bad = OpsRepo.fixture("untested-alert");
            assertThat(bad.alertTestProblems()).containsExactlyInAnyOrder(
                    "alerts/tests/rules.test.yml: the case at eval_time 5m names alert 'HearthTypo', which the"
                            + " rule files it loads do not define (misspelt or renamed?)",
                    "alerts/rules.yml alert HearthUntested has no promtool test case naming it in alerts/tests/"
                            + " (add cases where it fires and where it stays silent)",
                    "alerts/rules.yml alert HearthOnlyFiring needs promtool cases in alerts/tests/ where it fires"
                            + " and where it stays silent (fires: true, silent: false)");
        }
    }

    // --- checks --------------------------------------------------------------------------------------

    /**
     * The series names a query may use besides the catalogue's, with their labels where known (null for
     * a recording rule: its labels are not checked): Prometheus's own series, the repository's recording
     * rules, and for rules also the requested metrics.
     */
    private static Map<String, List<String>> alsoKnown(OpsRepo repo, boolean requested) {
        Map<String, List<String>> known = new HashMap<>(PROMETHEUS_SERIES);
        repo.rules().stream().filter(r -> !r.isAlert()).forEach(r -> known.put(r.ruleName(), null));
        if (requested) {
            known.putAll(REQUESTED_METRICS);
        }
        return known;
    }

    static List<String> dashboardQueryProblems(OpsRepo repo) {
        Map<String, List<String>> known = alsoKnown(repo, false);
        List<String> problems = new ArrayList<>();
        for (Path file : repo.dashboards()) {
            JsonNode dashboard = OpsRepo.readJson(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    String where = file.getFileName() + " panel '" + panel.path("title").asText() + "' "
                            + target.path("refId").asText();
                    check(where, PromQlNames.of(target.path("expr").asText()), known, problems);
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    JsonNode query = variable.path("query");
                    String text = query.isObject() ? query.path("query").asText() : query.asText();
                    check(file.getFileName() + " variable $" + variable.path("name").asText(),
                            PromQlNames.ofTemplateQuery(text), known, problems);
                }
            }
        }
        return problems;
    }

    static List<String> ruleExpressionProblems(OpsRepo repo) {
        Map<String, List<String>> known = alsoKnown(repo, true);
        List<String> problems = new ArrayList<>();
        for (OpsRepo.Rule rule : repo.rules()) {
            String where = rule.where() + " " + rule.name();
            Optional<String> syntax = PromQlNames.syntaxProblem(rule.expr());
            if (syntax.isPresent()) {
                problems.add(where + ": " + syntax.get());
                continue;
            }
            check(where, PromQlNames.of(rule.expr()), known, problems);
        }
        return problems;
    }

    /** Records are named level:metric:operations; one whose name ends in a window reads only that window. */
    static List<String> recordingRuleProblems(OpsRepo repo) {
        List<String> problems = new ArrayList<>();
        for (OpsRepo.Rule rule : repo.rules().stream().filter(r -> !r.isAlert()).toList()) {
            String name = rule.ruleName();
            String where = rule.where() + " " + rule.name();
            if (!RECORD_NAME.matcher(name).matches()) {
                problems.add(where + ": not named level:metric:operations (e.g. hearth:gateway_requests:rate5m)");
                continue;
            }
            Matcher window = RECORD_WINDOW.matcher(name);
            if (window.find()) {
                Set<String> ranges = new TreeSet<>();
                Matcher range = RANGE.matcher(rule.expr());
                while (range.find()) {
                    ranges.add(range.group(1).trim());
                }
                ranges.remove(window.group(1));
                if (!ranges.isEmpty()) {
                    problems.add(where + ": its name says " + window.group(1) + ", but it reads "
                            + ranges.stream().map(r -> "[" + r + "]").collect(Collectors.joining(", ")));
                }
            }
        }
        return problems;
    }

    static List<String> alertProblems(OpsRepo repo) {
        List<String> problems = new ArrayList<>();
        for (OpsRepo.Rule alert : repo.alertRules()) {
            JsonNode rule = alert.node();
            String where = alert.where() + " " + alert.name();
            String severity = rule.path("labels").path("severity").asText();
            if (!SEVERITIES.contains(severity)) {
                problems.add(where + ": labels.severity is '" + severity + "', expected one of " + new TreeSet<>(SEVERITIES));
            }
            String scope = rule.path("labels").path("scope").asText();
            if (!SCOPES.contains(scope)) {
                problems.add(where + ": labels.scope is '" + scope + "', expected one of " + new TreeSet<>(SCOPES));
            }
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                if (rule.path("annotations").path(annotation).asText().isBlank()) {
                    problems.add(where + ": annotations." + annotation + " is missing");
                }
            }
            String runbook = rule.path("annotations").path("runbook_url").asText();
            if (runbook.isBlank()) {
                continue;
            }
            Path file = repo.root.resolve(runbook).normalize();
            if (!(runbook.startsWith("runbooks/") && Files.isRegularFile(file))) {
                problems.add(where + ": runbook_url '" + runbook
                        + "' is not a file under runbooks/ (write it, or fix the path relative to the repository root)");
            } else if (!read(file).contains(alert.ruleName())) {
                problems.add(where + ": " + runbook + " does not name " + alert.ruleName());
            }
        }
        return problems;
    }

    static List<String> actionRunbookProblems(OpsRepo repo) {
        List<String> problems = new ArrayList<>();
        for (ActionType type : ActionType.values()) {
            Path runbook = repo.actionRunbook(type);
            if (!Files.isRegularFile(runbook)) {
                problems.add("ActionType." + type + " has no runbook: write " + repo.relative(runbook));
            }
        }
        return problems;
    }

    /**
     * Every runbook is listed in runbooks/README.md or named by an alert, has the six sections in order,
     * links only to files that exist and names only {@code ./hearth} commands and options that exist; the
     * README's alert table gives each alert's severity as its rule does.
     */
    static List<String> runbookProblems(OpsRepo repo) {
        Path readme = repo.runbooks().resolve("README.md");
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(readme)) {
            return List.of(repo.relative(readme) + " is missing: it indexes the runbooks");
        }
        Set<Path> listed = new LinkedHashSet<>(links(readme));
        for (OpsRepo.Rule rule : repo.rules()) {
            String url = rule.node().path("annotations").path("runbook_url").asText();
            if (!url.isBlank()) {
                listed.add(repo.root.resolve(url).normalize());
            }
        }
        for (Path runbook : repo.runbookFiles()) {
            String name = repo.relative(runbook);
            String text = read(runbook);
            if (!runbook.equals(readme)) {
                if (!listed.contains(runbook.normalize())) {
                    problems.add(name + " is neither listed in runbooks/README.md nor any alert's runbook_url");
                }
                sectionProblem(text).ifPresent(p -> problems.add(name + " " + p));
            }
            for (Path target : links(runbook)) {
                if (!Files.exists(target)) {
                    problems.add(name + " links to missing " + repo.relative(target));
                }
            }
            problems.addAll(commandProblems(name, text));
            problems.addAll(seriesNameProblems(name, text, alsoKnown(repo, true)));
        }
        List<String> readmeLines = read(readme).lines().toList();
        for (OpsRepo.Rule alert : repo.alertRules()) {
            String severity = alert.node().path("labels").path("severity").asText();
            Optional<String> row = readmeLines.stream().filter(l -> l.startsWith("|")
                    && l.contains("`" + alert.ruleName() + "`")).findFirst();
            if (row.isEmpty()) {
                problems.add(repo.relative(readme) + " has no table row for alert " + alert.ruleName());
            } else {
                List<String> cells = Arrays.stream(row.get().split("\\|")).map(String::trim).toList();
                if (!cells.contains(severity)) {
                    String listedAs = cells.stream().filter(SEVERITIES::contains).findFirst().orElse("no severity");
                    problems.add(repo.relative(readme) + " lists " + alert.ruleName() + " as '" + listedAs
                            + "', but its rule says severity '" + severity + "'");
                }
            }
        }
        return problems;
    }

    private static Optional<String> sectionProblem(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = HEADING.matcher(text);
        while (m.find()) {
            if (RUNBOOK_SECTIONS.contains(m.group(1))) {
                found.add(m.group(1));
            }
        }
        String required = String.join(", ", RUNBOOK_SECTIONS) + ", in that order)";
        for (String section : RUNBOOK_SECTIONS) {
            if (!found.contains(section)) {
                return Optional.of("lacks the section '## " + section + "' (a runbook has: " + required);
            }
        }
        List<String> inOrder = found.stream().distinct().toList();
        if (!inOrder.equals(RUNBOOK_SECTIONS)) {
            return Optional.of("has its sections as " + inOrder + " (a runbook has: " + required);
        }
        return Optional.empty();
    }

    /**
     * Each hearth_... or hearth:... name in the text is a catalogued metric (a histogram by its base name
     * too), a requested one or a recording rule.
     */
    static List<String> seriesNameProblems(String where, String text, Map<String, List<String>> alsoKnown) {
        List<String> problems = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEARTH_SERIES.matcher(lines.get(i));
            while (m.find()) {
                String name = m.group();
                boolean catalogued = MetricCatalogue.byExposedName(name).isPresent()
                        || MetricCatalogue.all().stream().anyMatch(spec -> spec.name().equals(name));
                if (!catalogued && !alsoKnown.containsKey(name)) {
                    problems.add(where + ":" + (i + 1) + ": " + name
                            + " is not in MetricCatalogue nor a recording rule in alerts/ (misspelt or renamed?)");
                }
            }
        }
        return problems;
    }

    /** Each {@code ./hearth ...} in the text against the real command line: subcommands and options. */
    static List<String> commandProblems(String where, String text) {
        CommandLine root = new CommandLine(new HearthCommand());
        List<String> problems = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HEARTH_COMMAND.matcher(lines.get(i));
            while (m.find()) {
                String command = m.group().trim();
                String prefix = where + ":" + (i + 1) + ": `" + command + "`: ";
                CommandLine cmd = root;
                boolean arguments = false;
                for (String token : m.group(1).trim().split("\\s+")) {
                    if (token.isEmpty()) {
                        continue;
                    }
                    if (token.startsWith("-")) {
                        String option = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                        if (cmd.getCommandSpec().findOption(option) == null) {
                            problems.add(prefix + "'" + cmd.getCommandSpec().qualifiedName() + "' has no option " + option);
                        }
                        continue;
                    }
                    if (arguments) {
                        continue;
                    }
                    CommandLine sub = cmd.getSubcommands().get(token);
                    if (sub != null) {
                        cmd = sub;
                    } else if (!cmd.getSubcommands().isEmpty() && cmd.getCommandSpec().positionalParameters().isEmpty()) {
                        problems.add(prefix + "'" + cmd.getCommandSpec().qualifiedName() + "' has no subcommand '"
                                + token + "' (it has: " + String.join(", ", new TreeSet<>(cmd.getSubcommands().keySet()))
                                + ")");
                        break;
                    } else {
                        arguments = true;
                    }
                }
            }
        }
        return problems;
    }

    /**
     * Adds a problem for every metric, function or label in {@code names} that is not known: metrics from
     * the catalogue or {@code alsoKnown} (name → labels, or null where the labels are not checked).
     */
    private static void check(String where, PromQlNames names, Map<String, List<String>> alsoKnown,
                              List<String> problems) {
        Set<String> labels = new HashSet<>(SCRAPE_LABELS);
        labels.add("le");
        for (String metric : names.metrics()) {
            Optional<List<String>> known = labelsOf(metric, alsoKnown);
            known.ifPresent(labels::addAll);
            if (known.isEmpty() && !alsoKnown.containsKey(metric)) {
                problems.add(where + ": metric " + metric
                        + " is not in MetricCatalogue nor a recording rule in alerts/ (misspelt or renamed?)");
            }
        }
        for (String function : names.functions()) {
            if (!PromQlNames.KNOWN_FUNCTIONS.contains(function)) {
                problems.add(where + ": " + function + "(...) is not a PromQL function");
            }
        }
        for (PromQlNames.Selector selector : names.selectors()) {
            labelsOf(selector.metric(), alsoKnown).ifPresent(metricLabels -> {
                Set<String> allowed = new HashSet<>(metricLabels);
                allowed.addAll(SCRAPE_LABELS);
                if (selector.metric().endsWith("_bucket")) {
                    allowed.add("le");
                }
                for (String label : selector.labels()) {
                    if (!allowed.contains(label)) {
                        problems.add(where + ": label " + label + " is not a label of " + selector.metric()
                                + " (catalogue: " + metricLabels + ")");
                    }
                }
            });
        }
        boolean onlyKnown = names.metrics().stream().allMatch(m -> labelsOf(m, alsoKnown).isPresent());
        for (String label : names.groupingLabels()) {
            if (onlyKnown && !labels.contains(label)) {
                problems.add(where + ": by/without/on label " + label + " is not a label of " + names.metrics());
            }
        }
    }

    /** The labels of a series name, from the catalogue or {@code alsoKnown}; empty where they are not known. */
    private static Optional<List<String>> labelsOf(String metric, Map<String, List<String>> alsoKnown) {
        Optional<MetricSpec> spec = MetricCatalogue.byExposedName(metric);
        return spec.isPresent() ? Optional.of(withTopology(spec.get().labels()))
                : Optional.ofNullable(alsoKnown.get(metric));
    }

    /**
     * A per-node series also carries the node's place: the collector labels what it stores (and
     * re-exports) with it, and Prometheus adds it as target labels to what it scrapes from nodes.
     */
    private static List<String> withTopology(List<String> labels) {
        if (!labels.contains("node")) {
            return labels;
        }
        Set<String> all = new LinkedHashSet<>(labels);
        all.addAll(TOPOLOGY_LABELS);
        return List.copyOf(all);
    }

    /** Every panel, including those nested in collapsed rows; rows themselves hold no queries. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    private static boolean usesVariable(JsonNode datasource) {
        String ref = datasource.isObject() ? datasource.path("uid").asText() : datasource.asText();
        return ref.equals("${datasource}") || ref.equals("$datasource");
    }

    /** Local files a Markdown file links to, resolved against its folder; web links are left out. */
    private static List<Path> links(Path markdown) {
        List<Path> targets = new ArrayList<>();
        Matcher m = MARKDOWN_LINK.matcher(read(markdown));
        while (m.find()) {
            if (!m.group(1).contains("://") && !m.group(1).startsWith("mailto:")) {
                targets.add(markdown.getParent().resolve(m.group(1)).normalize());
            }
        }
        return targets;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
