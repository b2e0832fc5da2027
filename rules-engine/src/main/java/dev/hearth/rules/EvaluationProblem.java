package dev.hearth.rules;

/**
 * Something one evaluation could not use: a fact it refused, or a rule it left out. The rest of the
 * evaluation went ahead without it.
 *
 * @param subject the fact (as text) or the rule's name
 */
public record EvaluationProblem(Kind kind, String subject, String message) {

    public enum Kind {
        /** A fact with a missing field or a value that is not a number; it was not inserted. */
        BAD_FACT,
        /** A rule fired more often than the limits allow; its findings were dropped. */
        RULE_LOOPED,
        /** A rule threw; its findings were dropped. */
        RULE_FAILED,
        /** The evaluation as a whole failed; it has no findings. */
        EVALUATION_FAILED
    }

    @Override
    public String toString() {
        return message;
    }
}
