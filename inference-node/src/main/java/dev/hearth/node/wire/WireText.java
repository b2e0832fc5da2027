package dev.hearth.node.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The frame's text fields: strict UTF-8 both ways, so a string never changes on its way across. */
final class WireText {
    private WireText() {
    }

    /**
     * The UTF-8 bytes of {@code value}; refuses text that UTF-8 cannot carry (a lone surrogate would
     * otherwise become '?') and text longer than {@code maxBytes}.
     */
    static byte[] utf8(String field, String value, int maxBytes) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not valid Unicode text (a lone surrogate?): " + e.getMessage());
        }
        if (encoded.remaining() > maxBytes) {
            throw new IllegalArgumentException(field + " is " + encoded.remaining() + " bytes of UTF-8, at most "
                    + maxBytes + " fit in a frame");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    /** Decodes UTF-8 read off the wire, refusing malformed sequences rather than replacing them. */
    static String decode(String field, byte[] src, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(src, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED,
                    field + " is not valid UTF-8 (" + length + " bytes at offset " + offset + ")");
        }
    }

    /** HTTP header values are printable ASCII; anything else in a trace header is a bug upstream. */
    static void requireHeaderText(String field, String value, int maxChars) {
        if (value.length() > maxChars) {
            throw new IllegalArgumentException(field + " is " + value.length() + " characters, at most " + maxChars
                    + " fit in a frame");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(field + " has character U+" + String.format("%04X", (int) c)
                        + " at index " + i + ", expected printable ASCII");
            }
        }
    }
}
