package dev.hearth.rules.scenario;

import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.fleet.FleetFactsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs every shipped scenario against the built-in rule pack; each must pass. */
class BuiltInScenariosTest {
    private static final Path DIR = Path.of("src/main/resources/scenarios");
    private static final RulePack PACK = RulePack.builtIn();
    private static final ScenarioRunner RUNNER = new ScenarioRunner(
            new RuleEngine(PACK, new SimpleMeterRegistry()), FleetFactsConfig.defaults());
    private static final ScenarioParser PARSER = new ScenarioParser();
    /** Each scenario runs once; both tests read its result. */
    private static final Map<Path, ScenarioResult> RESULTS = new ConcurrentHashMap<>();

    private static ScenarioResult result(Path file) {
        return RESULTS.computeIfAbsent(file, f -> RUNNER.run(PARSER.parse(f)));
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() throws IOException {
        return files().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ScenarioResult result = result(file);
            assertThat(result.passed())
                    .as("%s\n%s\nfinding changes:\n%s", result.name(),
                            String.join("\n", result.expectations().stream().map(ExpectationResult::line).toList()),
                            String.join("\n", result.changes()))
                    .isTrue();
        }));
    }


    /** Every rule of the built-in pack opens a finding in some scenario. */
    @Test
    void everyShippedRuleOpensAFindingInSomeScenario() throws IOException {
        Set<String> rules = new TreeSet<>();
        Pattern rule = Pattern.compile("^rule \"([^\"]+)\"", Pattern.MULTILINE);
        for (String drl : PACK.sources().values()) {
            Matcher m = rule.matcher(drl);
            while (m.find()) {
                rules.add(m.group(1));
            }
        }
        Set<String> exercised = new TreeSet<>();
        for (Path file : files()) {
            exercised.addAll(result(file).rules());
        }
        assertThat(exercised).containsAll(rules);
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
