package dev.hearth.node.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Decodes one stream of generated tokens a token at a time. A byte-level token may end in the middle
 * of a multi-byte UTF-8 character, so the bytes of an unfinished character are held back until the
 * token that completes it arrives; the concatenated output of {@link #next} and {@link #flush} equals
 * the tokenizer's {@code decode} of the whole stream. Not thread-safe: one per stream.
 */
public final class TokenDecoder {
    private final IntFunction<byte[]> bytesOf;
    private byte[] pending = new byte[16];
    private int pendingLength;

    /**
     * @param bytesOf the bytes a token stands for; {@code null} or empty for tokens that decode to
     *                nothing (special tokens, ids outside the vocabulary)
     */
    public TokenDecoder(IntFunction<byte[]> bytesOf) {
        this.bytesOf = bytesOf;
    }

    /** The text that {@code token} completes; empty while a character is still unfinished. */
    public String next(int token) {
        byte[] bytes = bytesOf.apply(token);
        if (bytes == null || bytes.length == 0) {
            return "";
        }
        if (pendingLength + bytes.length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + bytes.length));
        }
        System.arraycopy(bytes, 0, pending, pendingLength, bytes.length);
        pendingLength += bytes.length;
        int complete = Utf8.completePrefix(pending, pendingLength);
        if (complete == 0) {
            return "";
        }
        String text = new String(pending, 0, complete, StandardCharsets.UTF_8);
        System.arraycopy(pending, complete, pending, 0, pendingLength - complete);
        pendingLength -= complete;
        return text;
    }

    /** Whatever is held back, an unfinished character becoming U+FFFD as {@code decode} would make it. */
    public String flush() {
        String text = new String(pending, 0, pendingLength, StandardCharsets.UTF_8);
        pendingLength = 0;
        return text;
    }
}
