package dev.hearth.node.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level tokenizer: one token per UTF-8 byte (ids 0–255), plus begin- and end-of-sequence
 * tokens. It needs no vocabulary file, so any text round-trips exactly; it is what a checkpoint
 * without a {@code tokenizer.json} uses.
 */
public final class ByteTokenizer implements Tokenizer {
    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int VOCAB_SIZE = 258;

    @Override
    public int[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            tokens[i] = bytes[i] & 0xff;
        }
        return tokens;
    }

    /** Text of the byte tokens; special tokens are dropped, invalid UTF-8 becomes U+FFFD. */
    @Override
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(tokens.length);
        for (int t : tokens) {
            if (t >= 0 && t < 256) {
                out.write(t);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public int vocabSize() {
        return VOCAB_SIZE;
    }

    @Override
    public int bosId() {
        return BOS;
    }

    @Override
    public int eosId() {
        return EOS;
    }

    @Override
    public boolean isSpecial(int id) {
        return id == BOS || id == EOS;
    }

    @Override
    public TokenDecoder newDecoder() {
        return new TokenDecoder(id -> id >= 0 && id < 256 ? new byte[] {(byte) id} : null);
    }
}
