package dev.hearth.rules;

/**
 * One compiled rule.
 *
 * @param line   where the rule starts in its file
 * @param shadow marked {@code @shadow}, or in a shadow file: it fires and is audited, never acted on
 */
public record LoadedRule(String name, int line, boolean shadow) {
}
