package dev.hearth.node.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Byte-level tokenizer: one token per UTF-8 byte, plus begin- and end-of-sequence tokens. It needs
 * no vocabulary file, so any text round-trips exactly.
 */
public final class ByteTokenizer {
    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int VOCAB_SIZE = 258;

    /** The prompt's bytes, preceded by {@link #BOS}. */
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length + 1];
        tokens[0] = BOS;
        for (int i = 0; i < bytes.length; i++) {
            tokens[i + 1] = bytes[i] & 0xff;
        }
        return tokens;
    }

    /** Text of the byte tokens; special tokens are dropped, invalid UTF-8 becomes U+FFFD. */
    public String decode(List<Integer> tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokens.size());
        for (int t : tokens) {
            if (t < 256) {
                out.write(t);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
