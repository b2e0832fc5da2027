package dev.hearth.remediation;

/** The fleet could not carry out an action; remediation retries it on the next cycle. */
public final class ActuationException extends Exception {
    public ActuationException(String message, Throwable cause) {
        super(message, cause);
    }
}
