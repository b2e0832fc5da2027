package dev.hearth.controlplane.bench;

import dev.hearth.rules.Evaluation;
import dev.hearth.rules.RuleEngine;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Times one evaluation cycle of a rule engine over a made-up fleet's facts: a fresh session, every
 * fact inserted, all rules fired. The first evaluations warm the JIT and are not counted; the figure
 * is the median of the timed ones.
 */
public final class RulesBench {
    private final RuleEngine engine;

    public RulesBench(RuleEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** What one fleet size measured. */
    public record Figure(int nodes, int facts, int findings, double medianMillis, double minMillis, int runs) {
    }

    public Figure measure(int nodes, int warmUps, int runs) {
        if (nodes < 1 || runs < 1 || warmUps < 0) {
            throw new IllegalArgumentException("rules bench needs at least 1 node and 1 run, got " + nodes
                    + " nodes, " + runs + " runs, " + warmUps + " warm-ups");
        }
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<Object> facts = SyntheticFleetFacts.of(nodes, at, nodes);
        for (int i = 0; i < warmUps; i++) {
            engine.evaluate(at, facts);
        }
        double[] millis = new double[runs];
        int findings = 0;
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            Evaluation e = engine.evaluate(at, facts);
            millis[i] = (System.nanoTime() - start) / 1e6;
            findings = e.findings().size() + e.shadowFindings().size();
        }
        Arrays.sort(millis);
        return new Figure(nodes, facts.size(), findings, millis[runs / 2], millis[0], runs);
    }
}
