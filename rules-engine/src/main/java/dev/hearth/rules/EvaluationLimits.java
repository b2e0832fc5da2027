package dev.hearth.rules;

/**
 * How many firings one evaluation allows before it decides a rule never terminates. A fleet of 1,000
 * nodes with a few dozen rules fires thousands of times; a rule that modifies a fact its own conditions
 * match fires until stopped.
 *
 * @param maxFirings        firings of all rules together
 * @param maxFiringsPerRule firings of any one rule
 */
public record EvaluationLimits(int maxFirings, int maxFiringsPerRule) {
    public EvaluationLimits {
        if (maxFirings < 1 || maxFiringsPerRule < 1) {
            throw new IllegalArgumentException("firing limits must be at least 1, got " + maxFirings + " in all and "
                    + maxFiringsPerRule + " per rule");
        }
    }

    public static EvaluationLimits defaults() {
        return new EvaluationLimits(100_000, 50_000);
    }
}
