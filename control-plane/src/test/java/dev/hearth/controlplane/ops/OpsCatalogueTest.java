package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboards, alerts and runbooks against the one metric catalogue and against each other: a
 * renamed or misspelt metric, a missing runbook or a panel without the data source variable fails here.
 */
class OpsCatalogueTest {
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");
    private static final Set<String> SEVERITIES = Set.of("page", "ticket");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s#]+)(?:#[^)]*)?\\)");

    /** One alerting or recording rule and the file it is in. */
    private record Rule(String file, JsonNode node) {
        boolean isAlert() {
            return node.has("alert");
        }

        String name() {
            return isAlert() ? "alert " + node.path("alert").asText() : "record " + node.path("record").asText();
        }
    }

    private final OpsRepo repo = OpsRepo.locate();
    private final List<Rule> rules = rules(repo);
    private final Set<String> recorded = rules.stream().filter(r -> !r.isAlert())
            .map(r -> r.node().path("record").asText()).collect(Collectors.toSet());

    @Test
    void dashboardQueriesUseOnlyCataloguedMetrics() {
        List<String> problems = new ArrayList<>();
        List<Path> dashboards = repo.dashboards();
        assertThat(dashboards).as("dashboards under %s", repo.root.resolve("dashboards")).isNotEmpty();
        for (Path file : dashboards) {
            JsonNode dashboard = OpsRepo.readJson(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    String where = file.getFileName() + " panel '" + panel.path("title").asText() + "' "
                            + target.path("refId").asText();
                    check(where, PromQlNames.of(target.path("expr").asText()), problems);
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                if (variable.path("type").asText().equals("query")) {
                    JsonNode query = variable.path("query");
                    String text = query.isObject() ? query.path("query").asText() : query.asText();
                    check(file.getFileName() + " variable $" + variable.path("name").asText(),
                            PromQlNames.ofTemplateQuery(text), problems);
                }
            }
        }
        assertThat(problems).as("dashboard queries against MetricCatalogue").isEmpty();
    }

    @Test
    void ruleExpressionsUseOnlyCataloguedMetrics() {
        List<String> problems = new ArrayList<>();
        assertThat(rules).as("rules in %s", repo.alerts()).isNotEmpty();
        for (Rule rule : rules) {
            check(rule.file() + " " + rule.name(), PromQlNames.of(rule.node().path("expr").asText()), problems);
        }
        assertThat(problems).as("rule expressions against MetricCatalogue").isEmpty();
    }

    @Test
    void everyAlertHasSeverityAnnotationsAndAnExistingRunbook() {
        List<String> problems = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (Rule alert : rules.stream().filter(Rule::isAlert).toList()) {
            JsonNode rule = alert.node();
            String where = alert.file() + " " + alert.name();
            alerts.add(where);
            String severity = rule.path("labels").path("severity").asText();
            if (!SEVERITIES.contains(severity)) {
                problems.add(where + ": labels.severity is '" + severity + "', expected one of " + SEVERITIES);
            }
            for (String annotation : List.of("summary", "description", "runbook_url")) {
                if (rule.path("annotations").path(annotation).asText().isBlank()) {
                    problems.add(where + ": annotations." + annotation + " is missing");
                }
            }
            String runbook = rule.path("annotations").path("runbook_url").asText();
            if (!runbook.isBlank() && !(runbook.startsWith("runbooks/")
                    && Files.isRegularFile(repo.root.resolve(runbook).normalize()))) {
                problems.add(where + ": runbook_url '" + runbook
                        + "' is not a file under runbooks/ (write it, or fix the path relative to the repository root)");
            }
        }
        assertThat(alerts).as("alerts in %s", repo.alerts()).isNotEmpty();
        assertThat(problems).as("alert labels and annotations").isEmpty();
    }

    @Test
    void everyAlertHasPromtoolTestsThatSeeItFireAndStaySilent() {
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (Path file : repo.ruleTestFiles()) {
            for (JsonNode test : OpsRepo.readYaml(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    boolean expectsAlerts = !check.path("exp_alerts").isEmpty();
                    (expectsAlerts ? fires : silent).add(check.path("alertname").asText());
                }
            }
        }
        List<String> problems = new ArrayList<>();
        for (Rule rule : rules.stream().filter(Rule::isAlert).toList()) {
            String alert = rule.node().path("alert").asText();
            if (!(fires.contains(alert) && silent.contains(alert))) {
                problems.add(alert + " needs promtool tests in alerts/tests/ where it fires and where it does not"
                        + " (fires: " + fires.contains(alert) + ", silent: " + silent.contains(alert) + ")");
            }
        }
        assertThat(problems).as("promtool tests per alert").isEmpty();
    }

    @Test
    void everyRunbookIsListedOrReferencedAndEveryLinkResolves() throws IOException {
        Path readme = repo.runbooks().resolve("README.md");
        assertThat(readme).as("runbook index").isRegularFile();
        Set<Path> listed = new LinkedHashSet<>(links(readme));
        for (Rule rule : rules) {
            String url = rule.node().path("annotations").path("runbook_url").asText();
            if (!url.isBlank()) {
                listed.add(repo.root.resolve(url).normalize());
            }
        }
        List<String> problems = new ArrayList<>();
        for (Path runbook : repo.runbookFiles()) {
            if (!runbook.equals(readme) && !listed.contains(runbook.normalize())) {
                problems.add(repo.root.relativize(runbook) + " is neither listed in runbooks/README.md nor any alert's runbook_url");
            }
            for (Path target : links(runbook)) {
                if (!Files.exists(target)) {
                    problems.add(repo.root.relativize(runbook) + " links to missing " + target);
                }
            }
        }
        assertThat(problems).as("runbooks").isEmpty();
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
    }

    @Test
    void aMisspeltMetricLabelOrFunctionIsReported() {
        List<String> problems = new ArrayList<>();
        check("probe", PromQlNames.of("sum by (nod) (rat(hearth_node_stat{stat=\"isolated\"}[5m]))"), problems);
        assertThat(problems).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("metric hearth_node_stat is not in MetricCatalogue"))
                .anySatisfy(p -> assertThat(p).contains("rat(...) is not a PromQL function"));
        problems.clear();
        check("probe", PromQlNames.of("max by (nod) (hearth_node_state{stat=\"isolated\"})"), problems);
        assertThat(problems).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("label stat"))
                .anySatisfy(p -> assertThat(p).contains("by/without/on label nod"));
    }

    /** Adds a problem for every metric, function or label in {@code names} that is not known. */
    private void check(String where, PromQlNames names, List<String> problems) {
        Set<String> labels = new HashSet<>(SCRAPE_LABELS);
        labels.add("le");
        for (String metric : names.metrics()) {
            Optional<MetricSpec> spec = MetricCatalogue.byExposedName(metric);
            spec.ifPresent(s -> labels.addAll(s.labels()));
            if (spec.isEmpty() && !recorded.contains(metric)) {
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
            MetricCatalogue.byExposedName(selector.metric()).ifPresent(spec -> {
                Set<String> allowed = new HashSet<>(spec.labels());
                allowed.addAll(SCRAPE_LABELS);
                if (selector.metric().endsWith("_bucket")) {
                    allowed.add("le");
                }
                for (String label : selector.labels()) {
                    if (!allowed.contains(label)) {
                        problems.add(where + ": label " + label + " is not a label of " + selector.metric()
                                + " (catalogue: " + spec.labels() + ")");
                    }
                }
            });
        }
        boolean onlyCatalogued = names.metrics().stream().allMatch(m -> MetricCatalogue.byExposedName(m).isPresent());
        for (String label : names.groupingLabels()) {
            if (onlyCatalogued && !labels.contains(label)) {
                problems.add(where + ": by/without/on label " + label + " is not a label of " + names.metrics());
            }
        }
    }

    private static List<Rule> rules(OpsRepo repo) {
        List<Rule> rules = new ArrayList<>();
        for (Path file : repo.ruleFiles()) {
            for (JsonNode group : OpsRepo.readYaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(new Rule(file.getFileName().toString(), rule));
                }
            }
        }
        return rules;
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
    private static List<Path> links(Path markdown) throws IOException {
        List<Path> targets = new ArrayList<>();
        Matcher m = MARKDOWN_LINK.matcher(Files.readString(markdown));
        while (m.find()) {
            if (!m.group(1).contains("://") && !m.group(1).startsWith("mailto:")) {
                targets.add(markdown.getParent().resolve(m.group(1)).normalize());
            }
        }
        return targets;
    }
}
