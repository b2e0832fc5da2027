package dev.hearth.controlplane.rules;

import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.NodeState;
import dev.hearth.model.Sample;
import dev.hearth.rules.Evaluation;
import dev.hearth.rules.FindingTracker;
import dev.hearth.rules.FindingUpdate;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.facts.NodeStatus;
import dev.hearth.rules.facts.SloWindow;
import dev.hearth.rules.fleet.FleetFacts;
import dev.hearth.rules.fleet.FleetFactsConfig;
import dev.hearth.rules.fleet.FleetSnapshot;
import dev.hearth.rules.history.MetricHistory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs rules over stored history as the live loop would have, one evaluation per step from
 * {@code from} to {@code to}, and reports what they would have done. Nothing acts: the findings'
 * suggested actions are counted, not carried out.
 *
 * <p>The fleet's state at each step is read from the history too: every node that reported
 * {@code hearth_scrape_up} in the span, with the topology labels its samples carry, counted as
 * serving (what remediation did back then is in the audit log, not in the samples). The shards'
 * placement is not in the history, so capacity rules have no facts to judge in a replay.
 */
public final class RuleReplay {
    private static final Duration NODE_LOOKBACK = Duration.ofMinutes(5);

    private final RuleEngine engine;
    private final MetricHistory history;
    private final FleetFactsConfig config;

    public RuleReplay(RuleEngine engine, MetricHistory history, FleetFactsConfig config) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.history = Objects.requireNonNull(history, "history");
        this.config = Objects.requireNonNull(config, "config");
    }

    public ReplayReport replay(Instant from, Instant to, Duration step) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("replay from " + from + " to " + to + " is empty: --from must be "
                    + "before --to");
        }
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("replay step " + step + " must be positive, e.g. 15s");
        }
        FleetFacts facts = new FleetFacts(history, this::snapshot, config);
        FindingTracker tracker = new FindingTracker();
        FindingTracker shadowTracker = new FindingTracker();
        List<Finding> opened = new ArrayList<>();
        List<Finding> shadow = new ArrayList<>();
        Set<String> problems = new LinkedHashSet<>();
        int evaluations = 0;
        for (Instant at = from; !at.isAfter(to); at = at.plus(step)) {
            Evaluation e = engine.evaluate(at, facts.facts(at));
            evaluations++;
            FindingUpdate update = tracker.update(at, e.findings());
            opened.addAll(update.opened());
            shadow.addAll(shadowTracker.update(at, e.shadowFindings()).opened());
            e.problems().forEach(p -> problems.add(String.valueOf(p)));
        }
        Map<String, Integer> actions = new TreeMap<>();
        Set<String> nodes = new TreeSet<>();
        for (Finding f : opened) {
            actions.merge(f.suggestedAction().name().toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
            nodes.add(f.node());
        }
        return new ReplayReport(from, to, evaluations, opened, shadow, actions, nodes, budgets(from, to),
                List.copyOf(problems));
    }

    /** The SLO windows over the whole span, measured as the rules measure theirs. */
    private List<ReplayReport.BudgetSpent> budgets(Instant from, Instant to) {
        FleetFactsConfig span = new FleetFactsConfig(config.staleness(), List.of(), config.spellLookback(),
                config.sourceLookback(), config.eventLookback(), config.serviceWindow(), config.queueLimit(),
                config.minRequests(), List.of(Duration.between(from, to)), config.slo(), config.errorOutcomes(),
                config.excludedOutcomes(), config.badGatewayOutcomes(), config.excludedGatewayOutcomes(),
                config.loadWindow(), config.power(), config.nodeLostAfter(), List.of());
        List<ReplayReport.BudgetSpent> budgets = new ArrayList<>();
        for (Object fact : new FleetFacts(history, at -> FleetSnapshot.empty(), span).facts(to)) {
            if (fact instanceof SloWindow w) {
                budgets.add(new ReplayReport.BudgetSpent(w.slo(), w.requests(), w.badRatio(), w.objective()));
            }
        }
        return budgets;
    }

    private FleetSnapshot snapshot(Instant at) {
        Map<String, NodeStatus> nodes = new TreeMap<>();
        for (Sample s : history.samples(Set.of(MetricCatalogue.SCRAPE_UP.name()), at.minus(NODE_LOOKBACK), at)) {
            nodes.computeIfAbsent(s.node(), n -> new NodeStatus(n, NodeState.SERVING, orUnknown(s.label("household")),
                    orUnknown(s.label("building")), orUnknown(s.label("spine"))));
        }
        return new FleetSnapshot(List.copyOf(nodes.values()), List.of());
    }

    private static String orUnknown(String label) {
        return label.isEmpty() ? "unknown" : label;
    }
}
