package dev.hearth.node.shard;

/** A pipeline stage could not run a step: its node is unreachable, failed, or lost the sequence. */
public final class StageUnavailableException extends RuntimeException {

    public StageUnavailableException(String message) {
        super(message);
    }

    public StageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
