package dev.hearth.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a rule concluded about one node: which condition ({@code kind}) holds since when, on what
 * evidence, and which action the rule suggests. One finding per node and kind while the condition
 * holds.
 *
 * @param since    time of the first sample in which the condition held
 * @param evidence the samples the rule matched, oldest first
 */
public record Finding(String node, String kind, Severity severity, String rule, Instant since,
                      List<Sample> evidence, ActionType suggestedAction, String summary) {
    public Finding {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(since, "since");
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(suggestedAction, "suggestedAction");
        Objects.requireNonNull(summary, "summary");
    }
}
