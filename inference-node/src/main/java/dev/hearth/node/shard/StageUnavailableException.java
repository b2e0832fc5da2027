package dev.hearth.node.shard;

/** A pipeline stage could not run a step: its node is unreachable, or it no longer holds a sequence. */
public final class StageUnavailableException extends RuntimeException {
    /** Why: decides whether the caller moves to a replica or only rebuilds the sequence. */
    public enum Reason {
        /** The stage's node did not answer (down, restarting, the connection broke). */
        UNREACHABLE,
        /** The stage answers but lacks rows of a sequence (it restarted, or it is a replica taking over). */
        LOST_SEQUENCE,
        /** The stage answered that it cannot run this step at all (wrong layers, a bug): not worth a retry. */
        REFUSED
    }

    private final Reason reason;

    public StageUnavailableException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StageUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
