package dev.hearth.collector.store;

/**
 * The database's metric store was created with one layout and this server cannot run it (e.g. the
 * TimescaleDB layout on a server without the extension). Layouts are never switched silently: the data
 * would have to be moved, so start-up stops and the message says what to do.
 */
public final class StoreLayoutConflictException extends RuntimeException {
    public StoreLayoutConflictException(String message) {
        super(message);
    }
}
