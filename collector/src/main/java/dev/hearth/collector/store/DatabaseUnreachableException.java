package dev.hearth.collector.store;

/**
 * The metric database could not be reached when the pool was created. The message names the JDBC URL
 * (without any password) and how to fix it; it is meant to be shown to the user as is.
 */
public class DatabaseUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String redactedUrl;

    public DatabaseUnreachableException(String redactedUrl, String message, Throwable cause) {
        super(message, cause);
        this.redactedUrl = redactedUrl;
    }

    /** The JDBC URL that was tried, with any password removed. */
    public String url() {
        return redactedUrl;
    }
}
