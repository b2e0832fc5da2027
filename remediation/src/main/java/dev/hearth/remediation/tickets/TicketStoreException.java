package dev.hearth.remediation.tickets;

/** The ticket table could not be read or written (database down, schema not migrated). */
public final class TicketStoreException extends RuntimeException {
    public TicketStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
