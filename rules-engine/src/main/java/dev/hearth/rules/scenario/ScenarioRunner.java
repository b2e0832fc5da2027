package dev.hearth.rules.scenario;

import dev.hearth.model.Finding;
import dev.hearth.rules.Evaluation;
import dev.hearth.rules.FindingTracker;
import dev.hearth.rules.FindingUpdate;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.fleet.FleetFacts;
import dev.hearth.rules.fleet.FleetFactsConfig;
import dev.hearth.rules.fleet.FleetSnapshot;
import dev.hearth.rules.history.InMemoryMetricHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a scenario on a pseudo clock: evaluates the rules at every interval step (and at every
 * expectation's time) from the scenario's start, with facts loaded as of that step from the
 * scenario's samples, findings followed across steps, and each expectation checked at its time.
 * The engine is reused across scenarios, since building it compiles the rules.
 */
public final class ScenarioRunner {
    private final RuleEngine engine;
    private final FleetFactsConfig config;

    /** @param config the fact loading settings the scenarios' own settings are applied to */
    public ScenarioRunner(RuleEngine engine, FleetFactsConfig config) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.config = Objects.requireNonNull(config, "config");
    }

    public ScenarioResult run(Scenario scenario) {
        Instant start = scenario.start();
        FleetSnapshot fleet = scenario.fleet().snapshot();
        FleetFacts facts = new FleetFacts(new InMemoryMetricHistory(scenario.timeline()), at -> fleet,
                scenario.config().apply(config));
        FindingTracker tracker = new FindingTracker();

        TreeSet<Duration> steps = new TreeSet<>();
        for (Duration t = Duration.ZERO; t.compareTo(scenario.duration()) <= 0; t = t.plus(scenario.interval())) {
            steps.add(t);
        }
        scenario.expect().forEach(e -> steps.add(e.at()));

        List<ExpectationResult> results = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        Set<String> rules = new TreeSet<>();
        for (Duration step : steps) {
            Instant at = start.plus(step);
            Evaluation evaluation = engine.evaluate(at, facts.facts(at));
            FindingUpdate update = tracker.update(at, evaluation.findings());
            String when = ScenarioDurations.format(step);
            update.opened().forEach(f -> changes.add(when + " opened " + show(f)));
            update.active().forEach(f -> rules.add(f.rule()));
            update.resolved().forEach(f -> changes.add(when + " resolved " + show(f)));
            for (Expectation e : scenario.expect()) {
                if (e.at().equals(step)) {
                    results.add(new ExpectationResult(step, e.describe(), e.check(update.active(), start)));
                }
            }
        }
        return new ScenarioResult(scenario.name(), results, changes, rules, steps.size(), facts.skippedSamples());
    }

    private static String show(Finding f) {
        return f.node() + " " + f.kind() + " " + f.suggestedAction();
    }
}
