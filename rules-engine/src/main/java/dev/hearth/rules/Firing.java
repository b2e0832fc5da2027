package dev.hearth.rules;

import java.time.Instant;
import java.util.List;

/**
 * One rule firing in one evaluation: the audit record of why a rule acted.
 *
 * @param matched the facts the rule matched, as text (records print their fields)
 * @param shadow  the rule is in shadow: its findings are recorded but not acted on
 */
public record Firing(Instant at, String rule, String pack, List<String> matched, boolean shadow) {
    public Firing {
        matched = List.copyOf(matched);
    }
}
