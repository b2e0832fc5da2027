package dev.hearth.node.wire;

import java.util.Locale;

/**
 * Bytes that are not a well-formed activation frame. The message names the field, what was found
 * and what was expected; {@link #reason()} is a small fixed set, fit for a metric label, so a
 * dashboard can tell a flaky link (checksum) from a node on another format version.
 */
public class WireFormatException extends RuntimeException {

    /** Why a frame was refused. */
    public enum Reason {
        /** Fewer bytes than the frame or one of its fields declares. */
        TRUNCATED,
        /** Bytes left over after the frame or one of its sections. */
        TRAILING_BYTES,
        /** The first four bytes are not the frame magic: not a Hearth activation frame at all. */
        BAD_MAGIC,
        /** A format version this node does not read. */
        UNSUPPORTED_VERSION,
        /** A frame kind, payload codec or flag this node does not know. */
        UNKNOWN_CODE,
        /** A declared size beyond the configured limits. */
        TOO_LARGE,
        /** The CRC32C over the frame does not match: the bytes changed on the way. */
        CHECKSUM_MISMATCH,
        /** A field whose value breaks the format's rules (a negative length, bad UTF-8, a corrupt LZ4 block, …). */
        MALFORMED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
