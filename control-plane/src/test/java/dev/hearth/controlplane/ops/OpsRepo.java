package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.model.ActionType;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The operations files of the repository (alert and recording rules, their promtool tests, the
 * Alertmanager configuration, dashboards, runbooks), what they say about each other, and the external
 * tools that check them. Works on the repository or on a small fixture tree of the same layout.
 */
final class OpsRepo {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;

    private OpsRepo(Path root) {
        this.root = root;
    }

    /** Walks up from the working directory to the folder holding {@code alerts/} and {@code pom.xml}. */
    static OpsRepo locate() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("alerts")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return new OpsRepo(dir);
            }
        }
        throw new IllegalStateException("no folder with alerts/ and pom.xml above " + start
                + ": run the tests inside the Hearth repository");
    }

    /** A tree laid out like the repository (alerts/, runbooks/, dashboards/), e.g. a test fixture. */
    static OpsRepo at(Path root) {
        return new OpsRepo(root);
    }

    /** The fixture tree {@code src/test/resources/ops/<name>} of this module, from the test classpath. */
    static OpsRepo fixture(String name) {
        URL url = OpsRepo.class.getResource("/ops/" + name);
        if (url == null) {
            throw new IllegalStateException("no test resource ops/" + name + " on the classpath");
        }
        try {
            return new OpsRepo(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url + " is not a file path", e);
        }
    }

    Path alerts() {
        return root.resolve("alerts");
    }

    Path runbooks() {
        return root.resolve("runbooks");
    }

    Path alertmanagerConfig() {
        return alerts().resolve("alertmanager.yml");
    }

    /** A path as the messages show it: relative to the repository root. */
    String relative(Path file) {
        return root.relativize(file.toAbsolutePath().normalize()).toString();
    }

    /** Prometheus rule files: YAML files in alerts/ (outside alerts/tests/) with a top-level {@code groups}. */
    List<Path> ruleFiles() {
        return files(alerts(), 1, p -> isYaml(p) && readYaml(p).has("groups"));
    }

    /** promtool unit test files in alerts/tests/. */
    List<Path> ruleTestFiles() {
        return files(alerts().resolve("tests"), 1, OpsRepo::isYaml);
    }

    List<Path> dashboards() {
        return files(root.resolve("dashboards"), Integer.MAX_VALUE, p -> p.toString().endsWith(".json"));
    }

    List<Path> runbookFiles() {
        return files(runbooks(), 1, p -> p.toString().endsWith(".md"));
    }

    /** The runbook every remediation action type must have: runbooks/action-isolate.md for ISOLATE. */
    Path actionRunbook(ActionType type) {
        return runbooks().resolve("action-" + type.name().toLowerCase(Locale.ROOT).replace('_', '-') + ".md");
    }

    /** One alerting or recording rule and the file it is in. */
    record Rule(Path file, String where, JsonNode node) {
        boolean isAlert() {
            return node.has("alert");
        }

        /** The alert's or the record's name. */
        String ruleName() {
            return isAlert() ? node.path("alert").asText() : node.path("record").asText();
        }

        String name() {
            return (isAlert() ? "alert " : "record ") + ruleName();
        }

        String expr() {
            return node.path("expr").asText();
        }

        /** The labels every alert of this rule carries whatever its series: alertname and the rule's labels. */
        Map<String, String> staticLabels() {
            Map<String, String> labels = new LinkedHashMap<>();
            if (isAlert()) {
                labels.put("alertname", ruleName());
            }
            node.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            return labels;
        }
    }

    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (Path file : ruleFiles()) {
            String where = relative(file);
            for (JsonNode group : readYaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(new Rule(file, where, rule));
                }
            }
        }
        return rules;
    }

    List<Rule> alertRules() {
        return rules().stream().filter(Rule::isAlert).toList();
    }

    /**
     * One {@code alert_rule_test} check of a promtool test file: the alert it names and the label sets it
     * expects (none: the alert must stay silent then).
     */
    record AlertCase(Path file, String alertname, String evalTime, List<Map<String, String>> expectedLabels) {
        boolean fires() {
            return !expectedLabels.isEmpty();
        }
    }

    List<AlertCase> alertCases() {
        List<AlertCase> cases = new ArrayList<>();
        for (Path file : ruleTestFiles()) {
            for (JsonNode test : readYaml(file).path("tests")) {
                for (JsonNode check : test.path("alert_rule_test")) {
                    List<Map<String, String>> expected = new ArrayList<>();
                    for (JsonNode alert : check.path("exp_alerts")) {
                        Map<String, String> labels = new LinkedHashMap<>();
                        alert.path("exp_labels").fields()
                                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                        expected.add(labels);
                    }
                    cases.add(new AlertCase(file, check.path("alertname").asText(),
                            check.path("eval_time").asText(), expected));
                }
            }
        }
        return cases;
    }

    /**
     * What is wrong between the alerts and their promtool tests: an alert that no test case names, or
     * that no case sees fire or stay silent; a test file whose rule_files are missing; a case naming an
     * alert that the rule files it loads do not define (promtool would pass it without checking anything).
     */
    List<String> alertTestProblems() {
        List<String> problems = new ArrayList<>();
        List<AlertCase> cases = alertCases();
        Map<String, Set<String>> defined = new HashMap<>();
        for (Rule rule : alertRules()) {
            defined.computeIfAbsent(rule.file().toAbsolutePath().normalize().toString(), f -> new HashSet<>())
                    .add(rule.ruleName());
        }
        for (Path file : ruleTestFiles()) {
            Set<String> loaded = new HashSet<>();
            for (JsonNode ruleFile : readYaml(file).path("rule_files")) {
                Path target = file.getParent().resolve(ruleFile.asText()).toAbsolutePath().normalize();
                if (!Files.isRegularFile(target)) {
                    problems.add(relative(file) + ": rule_files names " + ruleFile.asText() + ", which is not a file");
                }
                loaded.addAll(defined.getOrDefault(target.toString(), Set.of()));
            }
            for (AlertCase c : cases) {
                if (c.file().equals(file) && !loaded.contains(c.alertname())) {
                    problems.add(relative(file) + ": the case at eval_time " + c.evalTime() + " names alert '"
                            + c.alertname() + "', which the rule files it loads do not define (misspelt or renamed?)");
                }
            }
        }
        Set<String> named = new HashSet<>();
        Set<String> fires = new HashSet<>();
        Set<String> silent = new HashSet<>();
        for (AlertCase c : cases) {
            named.add(c.alertname());
            (c.fires() ? fires : silent).add(c.alertname());
        }
        for (Rule rule : alertRules()) {
            String alert = rule.ruleName();
            if (!named.contains(alert)) {
                problems.add(rule.where() + " alert " + alert + " has no promtool test case naming it in "
                        + relative(alerts().resolve("tests")) + "/ (add cases where it fires and where it stays silent)");
            } else if (!(fires.contains(alert) && silent.contains(alert))) {
                problems.add(rule.where() + " alert " + alert + " needs promtool cases in "
                        + relative(alerts().resolve("tests")) + "/ where it fires and where it stays silent (fires: "
                        + fires.contains(alert) + ", silent: " + silent.contains(alert) + ")");
            }
        }
        return problems;
    }

    static JsonNode readYaml(Path file) {
        return read(YAML, file);
    }

    static JsonNode readJson(Path file) {
        return read(JSON, file);
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            JsonNode node = mapper.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw new IllegalStateException(file + " is empty");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean isYaml(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private static List<Path> files(Path dir, int depth, Predicate<Path> filter) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(dir, depth)) {
            return paths.filter(Files::isRegularFile).filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- external tools (promtool, amtool) -----------------------------------------------------------

    /** What one run of an external tool did. */
    record ToolRun(List<String> command, Path dir, int exitCode, String output) {
        /** A message for a failed check: the command, where it ran, its exit code and everything it printed. */
        String describe() {
            return String.join(" ", command) + " (in " + dir + ") exited with " + exitCode + ":\n" + output;
        }
    }

    /** The executable {@code name} on the PATH, if there is one. */
    static Optional<Path> executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs a tool in {@code dir} and collects its output; a tool that hangs is killed after the timeout. */
    static ToolRun run(Path dir, long timeoutSeconds, List<String> command) {
        try {
            Path output = Files.createTempFile("ops-tool", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new ToolRun(command, dir, -1, "did not finish within " + timeoutSeconds + " s\n"
                            + Files.readString(output));
                }
                return new ToolRun(command, dir, process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
