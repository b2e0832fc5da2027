package dev.hearth.remediation;

/** What became of an action that waited for approval. */
public enum Decision {
    APPROVED, REJECTED, EXPIRED
}
