package dev.hearth.node.tokenizer;

/** Where a byte buffer stops being complete UTF-8, for holding back a character split across tokens. */
final class Utf8 {
    private Utf8() {
    }

    /**
     * The length of the prefix of {@code bytes[0, length)} that ends on a character boundary: all of
     * it unless it ends in a lead byte followed by fewer continuation bytes than the lead announces.
     * Those are held back by their shape alone, even where the bytes seen so far are already invalid
     * (an overlong form, a surrogate's encoding): Java's decoder turns some such runs (ED A0 80) into
     * a single U+FFFD, so decoding them in two parts would give a different number of replacement
     * characters than decoding the whole stream. A run never spans a lead byte, so the prefix before
     * one decodes the same alone as within the whole.
     */
    static int completePrefix(byte[] bytes, int length) {
        for (int back = 1; back <= 3 && back <= length; back++) {
            int b = bytes[length - back] & 0xff;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: look further back for the lead byte
            }
            return sequenceLength(b) > back ? length - back : length;
        }
        return length;
    }

    private static int sequenceLength(int lead) {
        if (lead >= 0xC2 && lead <= 0xDF) {
            return 2;
        }
        if (lead >= 0xE0 && lead <= 0xEF) {
            return 3;
        }
        if (lead >= 0xF0 && lead <= 0xF4) {
            return 4;
        }
        return 1; // ASCII, or a byte that never starts a valid sequence
    }
}
