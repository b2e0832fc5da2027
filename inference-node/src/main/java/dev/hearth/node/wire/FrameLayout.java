package dev.hearth.node.wire;

import java.nio.charset.StandardCharsets;

/**
 * The frame format, version 1. All numbers little-endian (as the float32 payload is on every
 * machine the fleet runs).
 *
 * <pre>
 * offset size  field
 *  0      4    magic "HRTH"
 *  4      1    format version (1)
 *  5      1    kind ({@link FrameKind#code()})
 *  6      1    payload encoding ({@link PayloadEncoding#id()})
 *  7      1    flags: none defined in version 1, must be 0
 *  8      4    frame length: every byte, prefix and checksum included
 * 12      8    placement version
 * 20      4    layer
 * 24      4    start position
 * 28      4    token count
 * 32      4    rows
 * 36      4    cols
 * 40      4    expert slots per row
 * 44           request id (u8 length + UTF-8), household (u8 + UTF-8), traceparent (u8 + ASCII),
 *              tracestate (u16 + ASCII), detail (u16 + UTF-8)
 *              expert frames: rows × i32 token index; dispatch frames also rows × slots × i32
 *              expert and rows × slots × f32 weight
 *              payload length (u32), payload
 * end − 4 4    CRC32C of every byte before it
 * </pre>
 *
 * The checksum covers the header as well as the payload: a flipped bit in a layer index or a
 * placement version misroutes a request as surely as one in the activations corrupts it.
 */
final class FrameLayout {
    static final byte[] MAGIC = "HRTH".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int PREFIX_BYTES = 12;
    static final int FIXED_BYTES = 44;
    static final int CRC_BYTES = 4;
    /** Fixed part, the text fields' lengths with a one-byte request id, the payload length and the checksum. */
    static final int MIN_FRAME_BYTES = FIXED_BYTES + (1 + 1) + 1 + 1 + 2 + 2 + 4 + CRC_BYTES;

    private FrameLayout() {
    }
}
