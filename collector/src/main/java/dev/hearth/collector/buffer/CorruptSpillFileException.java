package dev.hearth.collector.buffer;

/** A spill file that is not a whole, intact batch: truncated, altered, or not written by the collector. */
final class CorruptSpillFileException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptSpillFileException(String message) {
        super(message);
    }

    CorruptSpillFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
