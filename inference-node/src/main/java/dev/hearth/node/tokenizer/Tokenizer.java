package dev.hearth.node.tokenizer;

/**
 * Turns text into token ids and back. {@link #encode} adds no special tokens of its own (the
 * caller decides whether a prompt starts with {@link #bosId()}); special tokens written in the text
 * are recognised as single ids.
 */
public interface Tokenizer {

    /** The ids of {@code text}, without a BOS or EOS the caller did not write. */
    int[] encode(String text);

    /** The text of {@code tokens}; special tokens (BOS, EOS, …) and ids outside the vocabulary are skipped. */
    String decode(int[] tokens);

    /** One more than the largest token id; ids below it may still be unassigned. */
    int vocabSize();

    /** The begin-of-sequence id, or -1 when the vocabulary has none. */
    int bosId();

    /** The end-of-sequence id, or -1 when the vocabulary has none. */
    int eosId();

    /** Whether {@code id} is a control token that {@link #decode} leaves out. */
    boolean isSpecial(int id);

    /** A decoder for one stream of generated tokens, for sending text as it is produced. */
    TokenDecoder newDecoder();
}
