package dev.hearth.collector;

/**
 * A source could not be read: unreachable, too slow, an HTTP error, or a reply that does not follow
 * its format. Checked because a failing source is an everyday event the collector must handle (it
 * reports the source as down), not a bug.
 */
public class CollectException extends Exception {
    private static final long serialVersionUID = 1L;

    public CollectException(String message) {
        super(message);
    }

    public CollectException(String message, Throwable cause) {
        super(message, cause);
    }
}
