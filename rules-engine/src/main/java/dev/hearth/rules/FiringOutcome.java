package dev.hearth.rules;

/** What became of one rule firing. */
public enum FiringOutcome {
    /** The rule fired and its findings go to remediation. */
    ACTED,
    /** The rule is in shadow: it fired and is audited, its findings are never acted on. */
    SHADOW,
    /** The rule exceeded the firing limit (it re-triggers itself); it was left out of the evaluation. */
    LOOPED,
    /** The rule's consequence or condition threw; it was left out of the evaluation. */
    FAILED
}
