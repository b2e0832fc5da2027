package dev.hearth.controlplane.cli;

import dev.hearth.rules.RuleCompilationException;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.fleet.FleetFactsConfig;
import dev.hearth.rules.scenario.ExpectationResult;
import dev.hearth.rules.scenario.Scenario;
import dev.hearth.rules.scenario.ScenarioFormatException;
import dev.hearth.rules.scenario.ScenarioParser;
import dev.hearth.rules.scenario.ScenarioResult;
import dev.hearth.rules.scenario.ScenarioRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code hearth rules test FILE…}: runs rule scenarios on a pseudo clock and says, per expectation,
 * whether it held. Exit code 0 when all pass, 1 when any fails, 2 when a scenario or rule file is bad.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run rule scenario files (YAML: a fleet, a timeline of samples, expected findings) against",
                "the rules on a pseudo clock; see rules-engine/SCENARIOS.md for the format.",
                "Exit code 0: all pass, 1: some expectation failed, 2: a file could not be read."})
public final class RulesTestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files.")
    List<Path> files;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "A directory of .drl files to test instead of the built-in rule pack.")
    Path rulesDir;

    @Option(names = {"-v", "--verbose"}, description = "Also print when each finding opened and resolved.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ScenarioParser parser = new ScenarioParser();
        Map<Path, Scenario> scenarios = new LinkedHashMap<>();
        boolean bad = false;
        for (Path file : files) {
            try {
                scenarios.put(file, parser.parse(file));
            } catch (ScenarioFormatException e) {
                err.println("hearth: " + e.getMessage());
                bad = true;
            }
        }
        if (bad) {
            return 2;
        }
        RuleEngine engine;
        try {
            engine = new RuleEngine(pack(), new SimpleMeterRegistry());
        } catch (RuleCompilationException e) {
            err.println("hearth: " + e.getMessage());
            return 2;
        }
        ScenarioRunner runner = new ScenarioRunner(engine, FleetFactsConfig.defaults());
        int passed = 0;
        int failed = 0;
        int failedScenarios = 0;
        for (Map.Entry<Path, Scenario> s : scenarios.entrySet()) {
            ScenarioResult result = runner.run(s.getValue());
            out.println((result.passed() ? "PASS " : "FAIL ") + s.getKey() + ": " + result.name());
            for (ExpectationResult e : result.expectations()) {
                out.println("  " + e.line());
                if (e.passed()) {
                    passed++;
                } else {
                    failed++;
                }
            }
            if (!result.passed()) {
                failedScenarios++;
            }
            if (verbose || !result.passed()) {
                out.println("  finding changes: " + (result.changes().isEmpty() ? "none"
                        : String.join("; ", result.changes())));
            }
            if (result.skippedSamples() > 0) {
                out.println("  skipped unreadable samples: " + result.skippedSamples() + " (counted per evaluation)");
            }
        }
        out.printf("%d scenarios (%d failed), %d expectations: %d passed, %d failed%n", scenarios.size(),
                failedScenarios, passed + failed, passed, failed);
        return failed == 0 ? 0 : 1;
    }

    private RulePack pack() {
        if (rulesDir == null) {
            return RulePack.builtIn();
        }
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> list = Files.list(rulesDir)) {
            List<Path> drl = new ArrayList<>(list.filter(p -> p.toString().endsWith(".drl")).toList());
            for (Path p : drl) {
                sources.put(p.getFileName().toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UserError("cannot read rule directory " + rulesDir + ": " + e.getMessage());
        }
        if (sources.isEmpty()) {
            throw new UserError("rule directory " + rulesDir + " holds no .drl files; give the directory of a rule pack");
        }
        return new RulePack(sources);
    }
}
