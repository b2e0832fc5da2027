package dev.hearth.rules;

import dev.hearth.model.Finding;

import java.time.Instant;
import java.util.List;

/**
 * What one evaluation concluded.
 *
 * @param findings       findings to act on, one per node and kind
 * @param shadowFindings findings of rules in shadow: recorded and audited, never acted on
 * @param firings        every rule firing, for the audit, and one per rule left out for looping or failing
 * @param problems       facts refused and rules left out; the findings are those of the rest
 */
public record Evaluation(Instant at, List<Finding> findings, List<Finding> shadowFindings, List<Firing> firings,
                         List<EvaluationProblem> problems) {
    public Evaluation {
        findings = List.copyOf(findings);
        shadowFindings = List.copyOf(shadowFindings);
        firings = List.copyOf(firings);
        problems = List.copyOf(problems);
    }

    public Evaluation(Instant at, List<Finding> findings, List<Finding> shadowFindings, List<Firing> firings) {
        this(at, findings, shadowFindings, firings, List.of());
    }
}
