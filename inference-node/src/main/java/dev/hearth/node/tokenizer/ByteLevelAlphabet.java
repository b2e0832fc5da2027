package dev.hearth.node.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-to-character table, which byte-level BPE vocabularies are written in: every byte is
 * shown as a printable character so that tokens are readable strings. Printable Latin-1 bytes stand
 * for themselves; the other 68 bytes (controls, space, 0x7F–0xA0, 0xAD) take U+0100 onwards in byte
 * order, so a space is 'Ġ' (U+0120) and a newline 'Ċ' (U+010A).
 */
final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[256 + 68];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The character that stands for byte {@code b} (0–255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** {@code text}'s UTF-8 bytes, each written as its character. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xff];
        }
        return new String(chars);
    }

    /**
     * The bytes a token written in this alphabet stands for, or its own UTF-8 bytes when any of its
     * characters is outside the alphabet (an added token such as "<｜end▁of▁sentence｜>"), as the
     * Hugging Face ByteLevel decoder does.
     */
    static byte[] decode(String token) {
        byte[] bytes = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) {
                return token.getBytes(StandardCharsets.UTF_8);
            }
            bytes[i] = (byte) b;
        }
        return bytes;
    }
}
