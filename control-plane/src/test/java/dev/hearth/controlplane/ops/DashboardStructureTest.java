package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards under {@code dashboards/} against the structure they share: current schema, a
 * stable uid, the Prometheus data source picked through {@code ${datasource}} by every panel and query,
 * the chained topology variables, a unit, title and description on every panel, no deprecated panel
 * types, no undefined variables, no empty queries, links and runbooks that resolve, and provisioning that
 * points at the folder. The fixtures in {@code ops/bad-dashboards/} prove that each check can fail.
 */
class DashboardStructureTest {
    static final int SCHEMA_VERSION = 39;
    private static final List<String> TOPOLOGY_VARIABLES = List.of("building", "node", "household");
    private static final Set<String> DEPRECATED_TYPES = Set.of("graph", "singlestat", "table-old",
            "grafana-singlestat-panel", "grafana-piechart-panel", "grafana-worldmap-panel");
    /** Grafana's global variables a query may use without defining them. */
    private static final Set<String> BUILT_IN_VARIABLES = Set.of("__interval", "__interval_ms", "__rate_interval",
            "__rate_interval_ms", "__range", "__range_s", "__range_ms", "__from", "__to", "__dashboard", "__org",
            "__user", "__timeFilter");
    private static final Pattern VARIABLE_REF = Pattern.compile(
            "\\$\\{([A-Za-z_]\\w*)(?:[:.][^}]*)?}|\\[\\[([A-Za-z_]\\w*)(?::[^]]*)?]]|\\$([A-Za-z_]\\w*)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*([A-Za-z_]\\w*)\\s*\\)\\s*$");
    private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern DASHBOARD_URL = Pattern.compile("^/d/([^/?#]+)");
    private static final Pattern RUNBOOK = Pattern.compile("runbooks/[\\w.-]+\\.md");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpsRepo repo = OpsRepo.locate();

    // --- the repository's dashboards --------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyDashboardIsWellFormed() {
        List<Path> dashboards = repo.dashboards();
        assertThat(dashboards).as("dashboards under %s", dashboardsDir()).isNotEmpty();
        Set<String> uids = uids(dashboards);
        return dashboards.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(),
                () -> assertThat(problems(file, uids)).as("structure of %s", file).isEmpty()));
    }

    @Test
    void uidsAreUniqueAcrossDashboards() {
        assertThat(duplicateUids(repo.dashboards())).as("dashboard uids").isEmpty();
    }

    @Test
    void provisioningPointsAtTheDashboardsFolder() {
        assertThat(provisioningProblems(dashboardsDir().resolve("provisioning"), dashboardsDir().resolve("README.md")))
                .as("provisioning files against dashboards/README.md").isEmpty();
    }

    @Test
    void readmeListsEveryDashboard() throws IOException {
        String readme = Files.readString(dashboardsDir().resolve("README.md"));
        List<String> missing = repo.dashboards().stream().map(f -> f.getFileName().toString())
                .filter(name -> !readme.contains(name)).toList();
        assertThat(missing).as("dashboards not listed in dashboards/README.md").isEmpty();
    }

    // --- the checks fail where they should ----------------------------------------------------------

    /** Each fixture breaks one rule; the report names the file, the panel where there is one, and the rule. */
    private static final Map<String, List<String>> FIXTURES = fixtures();

    private static Map<String, List<String>> fixtures() {
        Map<String, List<String>> f = new LinkedHashMap<>();
        f.put("not-json.json", List.of("not valid JSON"));
        f.put("old-schema.json", List.of("schemaVersion 27", "expected " + SCHEMA_VERSION));
        f.put("bad-uid.json", List.of("uid 'hearth bad uid'"));
        f.put("graph-panel.json", List.of("panel #2 'Request rate'", "deprecated panel type graph"));
        f.put("panel-datasource.json", List.of("panel #2 'Request rate'", "panel datasource", "not ${datasource}"));
        f.put("target-datasource.json", List.of("panel #2 'Request rate'", "query B", "datasource", "not ${datasource}"));
        f.put("no-unit.json", List.of("panel #2 'Request rate'", "no unit"));
        f.put("no-title.json", List.of("panel #2 ''", "no title"));
        f.put("no-description.json", List.of("panel #2 'Request rate'", "no description"));
        f.put("undefined-variable.json", List.of("panel #2 'Request rate'", "query A", "$nodes", "not defined"));
        f.put("empty-expr.json", List.of("panel #2 'Request rate'", "query A", "empty expr"));
        f.put("duplicate-panel-id.json", List.of("panel #2 'Queue length'", "id 2 is used by another panel"));
        f.put("no-datasource-variable.json", List.of("no template variable 'datasource'"));
        f.put("missing-household-variable.json", List.of("no template variable 'household'"));
        f.put("single-value-variable.json", List.of("variable $building", "multi-value", "All"));
        f.put("node-not-chained.json", List.of("variable $node", "$building"));
        f.put("unused-variable.json", List.of("variable $household", "no panel query uses it"));
        f.put("missing-runbook.json", List.of("panel #2 'Request rate'", "runbooks/no-such-runbook.md", "does not exist"));
        f.put("broken-link.json", List.of("panel #2 'Request rate'", "/d/hearth-no-such-dashboard", "no dashboard has uid"));
        return f;
    }

    private static final List<String> DUPLICATE_UID_FIXTURES = List.of("duplicate-uid-a.json", "duplicate-uid-b.json");

    @TestFactory
    Stream<DynamicTest> eachBadFixtureIsReportedWithFileAndPanel() {
        Set<String> uids = uids(repo.dashboards());
        return FIXTURES.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Path file = badDashboards().resolve(e.getKey());
            List<String> problems = problems(file, uids);
            assertThat(problems).as("problems reported for %s", file).hasSize(1);
            assertThat(problems.get(0)).startsWith(e.getKey()).contains(e.getValue());
        }));
    }

    @Test
    void everyFixtureHasAnExpectation() throws IOException {
        Set<String> files;
        try (Stream<Path> s = Files.list(badDashboards())) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = new TreeSet<>(FIXTURES.keySet());
        expected.addAll(DUPLICATE_UID_FIXTURES);
        assertThat(files).as("fixtures in %s", badDashboards()).isEqualTo(expected);
    }

    @Test
    void aUidUsedTwiceIsReportedWithBothFiles() {
        List<Path> files = DUPLICATE_UID_FIXTURES.stream().map(badDashboards()::resolve).toList();
        Set<String> uids = uids(files);
        for (Path file : files) {
            assertThat(problems(file, uids)).as("%s on its own", file).isEmpty();
        }
        assertThat(duplicateUids(files)).singleElement().asString()
                .contains("uid 'hearth-twice'", "duplicate-uid-a.json", "duplicate-uid-b.json");
    }

    @Test
    void provisioningThatPointsElsewhereIsReported() {
        Path dir = badDashboards().resolve("provisioning");
        assertThat(provisioningProblems(dir, dir.resolve("README.md"))).singleElement().asString()
                .contains("dashboards.yaml", "provider 'hearth'", "/var/lib/grafana/dashboards/elsewhere",
                        "README.md");
    }

    @Test
    void variableReferencesAreFoundInEveryGrafanaSyntax() {
        assertThat(references("rate(x{node=~\"$node\", b=~\"${building}\", h=~\"${household:regex}\", l=\"[[layer]]\"}"
                + "[$__rate_interval])")).containsExactly("node", "building", "household", "layer", "__rate_interval");
        assertThat(references("sum(rate(x[5m]))")).isEmpty();
    }

    // --- the checks -----------------------------------------------------------------------------

    /**
     * What is wrong with one dashboard file, each message starting with the file name and naming the panel
     * where the problem is a panel's; {@code knownUids} are the dashboards a link may point at.
     */
    List<String> problems(Path file, Set<String> knownUids) {
        String name = file.getFileName().toString();
        List<String> problems = new ArrayList<>();
        JsonNode dashboard;
        try {
            dashboard = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            return List.of(name + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dashboard == null || !dashboard.isObject()) {
            return List.of(name + ": not valid JSON: the top level is not an object");
        }
        int schema = dashboard.path("schemaVersion").asInt(-1);
        if (schema != SCHEMA_VERSION) {
            problems.add(name + ": schemaVersion " + (schema < 0 ? "missing" : schema) + ", expected " + SCHEMA_VERSION
                    + " (export from a current Grafana, or migrate the panels)");
        }
        String uid = dashboard.path("uid").asText();
        if (!UID.matcher(uid).matches()) {
            problems.add(name + ": uid '" + uid + "' must be 1 to 40 letters, digits, '-' or '_' and stable");
        }
        if (dashboard.path("title").asText().isBlank()) {
            problems.add(name + ": no title");
        }
        List<String> tags = new ArrayList<>();
        dashboard.path("tags").forEach(t -> tags.add(t.asText()));
        if (!tags.contains("hearth")) {
            problems.add(name + ": tags " + tags + " lack \"hearth\"");
        }
        Map<String, JsonNode> variables = variables(name, dashboard, problems);
        Set<String> usedVariables = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : allPanels(dashboard)) {
            checkPanel(name, panel, variables.keySet(), knownUids, ids, usedVariables, problems);
        }
        for (JsonNode link : dashboard.path("links")) {
            checkLink(name + ": dashboard link '" + link.path("title").asText() + "'", link, knownUids, problems);
        }
        for (String topology : TOPOLOGY_VARIABLES) {
            if (variables.containsKey(topology) && !usedVariables.contains(topology)) {
                problems.add(name + ": variable $" + topology + " is defined but no panel query uses it"
                        + " (filter the queries whose series carry that label)");
            }
        }
        return problems;
    }

    /** The template variables by name, adding a problem for each missing or malformed one. */
    private Map<String, JsonNode> variables(String name, JsonNode dashboard, List<String> problems) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            variables.put(variable.path("name").asText(), variable);
        }
        JsonNode datasource = variables.get("datasource");
        if (datasource == null || !datasource.path("type").asText().equals("datasource")
                || !datasource.path("query").asText().equals("prometheus")) {
            problems.add(name + ": no template variable 'datasource' of type datasource with query prometheus"
                    + " (panels pick the Prometheus data source through ${datasource})");
        }
        for (String topology : TOPOLOGY_VARIABLES) {
            JsonNode variable = variables.get(topology);
            if (variable == null) {
                problems.add(name + ": no template variable '" + topology + "' (a query variable over label_values(..., "
                        + topology + "))");
                continue;
            }
            String where = name + ": variable $" + topology;
            Matcher m = LABEL_VALUES.matcher(variableQuery(variable));
            if (!variable.path("type").asText().equals("query") || !m.matches() || !m.group(2).equals(topology)) {
                problems.add(where + " must be a query variable label_values(<series>, " + topology + "), not '"
                        + variableQuery(variable) + "'");
            }
            if (!variable.path("multi").asBoolean() || !variable.path("includeAll").asBoolean()) {
                problems.add(where + " must be multi-value and include All");
            }
            if (topology.equals("node") && m.matches() && !references(m.group(1)).contains("building")) {
                problems.add(where + " must be chained to $building (filter its series by building=~\"$building\")");
            }
        }
        for (Map.Entry<String, JsonNode> e : variables.entrySet()) {
            JsonNode variable = e.getValue();
            if (!variable.path("type").asText().equals("query")) {
                continue;
            }
            String where = name + ": variable $" + e.getKey();
            if (!usesDatasourceVariable(variable.path("datasource"))) {
                problems.add(where + ": datasource " + variable.path("datasource") + " is not ${datasource}");
            }
            String query = variableQuery(variable);
            if (query.isBlank()) {
                problems.add(where + ": empty query");
            }
            for (String ref : references(query)) {
                if (!variables.containsKey(ref) && !BUILT_IN_VARIABLES.contains(ref)) {
                    problems.add(where + ": query uses $" + ref + ", which is not defined");
                }
            }
        }
        return variables;
    }

    private void checkPanel(String name, JsonNode panel, Set<String> variables, Set<String> knownUids,
                            Set<Integer> ids, Set<String> usedVariables, List<String> problems) {
        String type = panel.path("type").asText();
        String title = panel.path("title").asText();
        String where = name + " panel #" + panel.path("id").asText() + " '" + title + "'";
        if (!panel.path("id").canConvertToInt() || !ids.add(panel.path("id").asInt())) {
            problems.add(where + ": id " + panel.path("id").asText() + " is used by another panel or is not a number");
        }
        if (title.isBlank()) {
            problems.add(where + ": no title");
        }
        if (type.equals("row")) {
            return;
        }
        if (DEPRECATED_TYPES.contains(type) || type.isBlank()) {
            problems.add(where + ": deprecated panel type " + (type.isBlank() ? "(none)" : type)
                    + " (use timeseries, stat, gauge, table, heatmap, state-timeline or bargauge)");
        }
        if (panel.path("fieldConfig").path("defaults").path("unit").asText().isBlank()) {
            problems.add(where + ": no unit (fieldConfig.defaults.unit: celsius, watt, percentunit, s, reqps, none, ...)");
        }
        String description = panel.path("description").asText();
        if (description.isBlank()) {
            problems.add(where + ": no description (what the panel means and what to do when it looks wrong)");
        }
        Matcher runbook = RUNBOOK.matcher(description);
        while (runbook.find()) {
            if (!Files.isRegularFile(repo.root.resolve(runbook.group()))) {
                problems.add(where + ": description names " + runbook.group() + ", which does not exist");
            }
        }
        if (!usesDatasourceVariable(panel.path("datasource"))) {
            problems.add(where + ": panel datasource " + panel.path("datasource") + " is not ${datasource}");
        }
        if (panel.path("targets").isEmpty()) {
            problems.add(where + ": no queries");
        }
        Set<String> refIds = new HashSet<>();
        for (JsonNode target : panel.path("targets")) {
            String ref = target.path("refId").asText();
            String query = where + " query " + ref;
            if (ref.isBlank() || !refIds.add(ref)) {
                problems.add(query + ": refId missing or used twice");
            }
            if (!usesDatasourceVariable(target.path("datasource"))) {
                problems.add(query + ": datasource " + target.path("datasource") + " is not ${datasource}");
            }
            String expr = target.path("expr").asText();
            if (expr.isBlank()) {
                problems.add(query + ": empty expr");
            }
            for (String variable : references(expr)) {
                usedVariables.add(variable);
                if (!variables.contains(variable) && !BUILT_IN_VARIABLES.contains(variable)) {
                    problems.add(query + ": uses $" + variable + ", which is not defined (variables: " + variables + ")");
                }
            }
        }
        for (JsonNode link : panel.path("links")) {
            checkLink(where + ": link '" + link.path("title").asText() + "'", link, knownUids, problems);
        }
    }

    private static void checkLink(String where, JsonNode link, Set<String> knownUids, List<String> problems) {
        Matcher m = DASHBOARD_URL.matcher(link.path("url").asText());
        if (m.find() && !knownUids.contains(m.group(1))) {
            problems.add(where + " goes to /d/" + m.group(1) + " but no dashboard has uid " + m.group(1));
        }
    }

    /** One message per uid that more than one file uses, naming the files. */
    static List<String> duplicateUids(List<Path> files) {
        Map<String, List<String>> byUid = new LinkedHashMap<>();
        for (Path file : files) {
            uid(file).ifPresent(uid -> byUid.computeIfAbsent(uid, u -> new ArrayList<>()).add(file.getFileName().toString()));
        }
        return byUid.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(e -> "uid '" + e.getKey() + "' is used by " + String.join(" and ", e.getValue())
                        + ": Grafana keeps one of them").toList();
    }

    /**
     * The dashboard providers in {@code provisioning} must be file providers whose path is where
     * {@code readme} mounts the dashboards folder ({@code dashboards:<path>}); a data source file must
     * define a Prometheus data source.
     */
    static List<String> provisioningProblems(Path provisioning, Path readme) {
        List<String> problems = new ArrayList<>();
        String readmeText;
        try {
            readmeText = Files.readString(readme);
        } catch (IOException e) {
            return List.of(readme + " cannot be read: " + e.getMessage());
        }
        int providers = 0;
        boolean prometheus = false;
        List<Path> files;
        try (Stream<Path> s = Files.list(provisioning)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            return List.of(provisioning + " cannot be listed: " + e.getMessage());
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            JsonNode yaml = OpsRepo.readYaml(file);
            for (JsonNode provider : yaml.path("providers")) {
                providers++;
                String where = name + ": provider '" + provider.path("name").asText() + "'";
                String path = provider.path("options").path("path").asText();
                if (!provider.path("type").asText().equals("file")) {
                    problems.add(where + " is of type '" + provider.path("type").asText() + "', expected file");
                }
                if (!path.startsWith("/")) {
                    problems.add(where + " has options.path '" + path + "', expected an absolute path in the Grafana container");
                } else if (!readmeText.contains("dashboards:" + path)) {
                    problems.add(where + " reads " + path + ", but " + readme.getFileName()
                            + " does not mount the dashboards folder there (expected 'dashboards:" + path + "')");
                }
            }
            for (JsonNode datasource : yaml.path("datasources")) {
                prometheus |= datasource.path("type").asText().equals("prometheus");
            }
        }
        if (providers == 0) {
            problems.add(provisioning + ": no dashboard provider in any YAML file");
        }
        if (!prometheus) {
            problems.add(provisioning + ": no data source of type prometheus in any YAML file");
        }
        return problems;
    }

    // --- helpers ----------------------------------------------------------------------------------

    private Path dashboardsDir() {
        return repo.root.resolve("dashboards");
    }

    private Path badDashboards() {
        return repo.root.resolve("control-plane/src/test/resources/ops/bad-dashboards");
    }

    private static Set<String> uids(List<Path> files) {
        Set<String> uids = new HashSet<>();
        files.forEach(f -> uid(f).ifPresent(uids::add));
        return uids;
    }

    private static Optional<String> uid(Path file) {
        try {
            JsonNode uid = JSON.readTree(Files.readString(file)).path("uid");
            return uid.isTextual() ? Optional.of(uid.asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every panel, rows and the panels inside collapsed rows included. */
    private static List<JsonNode> allPanels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isObject() ? query.path("query").asText() : query.asText();
    }

    /** The variable names {@code text} refers to: {@code $name}, {@code ${name}}, {@code ${name:format}}, {@code [[name]]}. */
    static Set<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE_REF.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    names.add(m.group(g));
                }
            }
        }
        return names;
    }

    private static boolean usesDatasourceVariable(JsonNode datasource) {
        String ref = datasource.isObject() ? datasource.path("uid").asText() : datasource.asText();
        return ref.equals("${datasource}") || ref.equals("$datasource");
    }
}
