package dev.hearth.collector;

/**
 * The metric store could not take samples right now and wrote none of them. Unchecked because the
 * only sensible reaction, keeping the samples and retrying, belongs to the collector, not to every
 * caller in between.
 */
public class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreUnavailableException(String message) {
        super(message);
    }
}
