package dev.hearth.rules;

import java.util.List;

/**
 * One compiled file of a pack and its rules, in file order.
 *
 * @param shadow the whole file is in shadow
 */
public record RuleFile(String name, boolean shadow, List<LoadedRule> rules) {
    public RuleFile {
        rules = List.copyOf(rules);
    }
}
