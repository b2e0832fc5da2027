package dev.hearth.remediation;

/** What became of a planned action. */
public enum Outcome {
    EXECUTED, REFUSED, FAILED
}
