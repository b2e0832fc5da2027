package dev.hearth.node.serving;

/** The scheduler's queue is full: the request is refused now (HTTP 429) and may be retried later. */
public final class QueueFullException extends RuntimeException {
    private final int retryAfterSeconds;

    public QueueFullException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
