package dev.hearth.remediation;

/**
 * The fleet could not carry out an action. A retryable one (a timeout, a connection refused) is tried
 * again with backoff; one that is not (the backend said no) is recorded as failed and planned again
 * on a later cycle.
 */
public final class ActuationException extends Exception {
    private final boolean retryable;

    public ActuationException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public ActuationException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static ActuationException retryable(String message, Throwable cause) {
        return new ActuationException(message, cause, true);
    }

    public boolean retryable() {
        return retryable;
    }
}
