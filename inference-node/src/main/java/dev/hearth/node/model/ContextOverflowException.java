package dev.hearth.node.model;

/** Appending tokens would run past the sequence's context. */
public final class ContextOverflowException extends RuntimeException {

    public ContextOverflowException(int length, int adding, int capacity) {
        super("sequence holds " + length + " tokens; adding " + adding + " would exceed its context of " + capacity);
    }
}
