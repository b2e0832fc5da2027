package dev.hearth.remediation;

/** What became of a planned action. */
public enum Outcome {
    /** The backend carried it out. */
    EXECUTED,
    /** The guard refused it; the reason names the limit. */
    REFUSED,
    /** The guard held it back for now (a rate limit); it is planned again later. */
    DEFERRED,
    /** The backend did not carry it out, after any retries. */
    FAILED,
    /** Its type needs an operator's approval: it waits in the pending list. */
    PENDING_APPROVAL,
    /** An operator rejected it. */
    REJECTED,
    /** Nobody approved it before it expired. */
    EXPIRED,
    /** Its type runs in dry-run: recorded, not carried out. */
    DRY_RUN,
    /** This fleet has no backend for its type, or the backend cannot do it here; the reason says why. */
    NOT_APPLICABLE
}
