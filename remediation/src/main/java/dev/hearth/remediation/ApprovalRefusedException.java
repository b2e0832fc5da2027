package dev.hearth.remediation;

/** An operator's approval or rejection that cannot be taken, and why. */
public final class ApprovalRefusedException extends RuntimeException {
    /** Why: no such pending action, it expired, or someone decided it first. */
    public enum Kind {
        UNKNOWN, EXPIRED, DECIDED
    }

    private final Kind kind;

    public ApprovalRefusedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
