package dev.hearth.collector.store;

/** The embedded PostgreSQL could not start; the message names the data directory and the fix. */
public final class EmbeddedStoreException extends RuntimeException {
    public EmbeddedStoreException(String message) {
        super(message);
    }

    public EmbeddedStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
