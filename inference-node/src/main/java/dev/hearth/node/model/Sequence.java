package dev.hearth.node.model;

/** One sequence's state inside a model: its KV cache and the number of tokens it holds. */
public interface Sequence {

    int length();

    int capacity();

    /** Forgets every token from {@code length} on (a rewind: the next token goes to that position). */
    void truncate(int length);
}
