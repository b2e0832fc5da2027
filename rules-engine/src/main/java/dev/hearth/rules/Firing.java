package dev.hearth.rules;

import java.time.Instant;
import java.util.List;

/**
 * One rule firing in one evaluation: the audit record of why a rule acted.
 *
 * @param matched     the facts the rule matched, as text (records print their fields)
 * @param shadow      the rule is in shadow: its findings are recorded but not acted on
 * @param node        the node of the first matched fact that has one, or null
 * @param findingKind the kind of the finding the rule raised on that node, or null when it raised none
 */
public record Firing(Instant at, String rule, String pack, List<String> matched, boolean shadow,
                     FiringOutcome outcome, String node, String findingKind) {
    public Firing {
        matched = List.copyOf(matched);
    }

    /** A firing that completed, before it is known which finding it raised. */
    public Firing(Instant at, String rule, String pack, List<String> matched, boolean shadow) {
        this(at, rule, pack, matched, shadow, shadow ? FiringOutcome.SHADOW : FiringOutcome.ACTED, null, null);
    }

    Firing withFinding(String node, String kind) {
        return new Firing(at, rule, pack, matched, shadow, outcome, node, kind);
    }
}
