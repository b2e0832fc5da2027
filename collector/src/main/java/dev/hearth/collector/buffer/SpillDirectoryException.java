package dev.hearth.collector.buffer;

/** The spill directory cannot be created, listed or written: the collector cannot start with it. */
public final class SpillDirectoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SpillDirectoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
