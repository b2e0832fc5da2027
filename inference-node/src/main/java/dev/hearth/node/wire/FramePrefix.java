package dev.hearth.node.wire;

/**
 * The first {@link FrameCodec#PREFIX_BYTES} bytes of a frame, checked: enough for a stream reader
 * to know how many more bytes to read before it has allocated anything on the sender's word.
 *
 * @param frameLength the whole frame's length in bytes, prefix and checksum included
 */
public record FramePrefix(FrameKind kind, PayloadEncoding encoding, int frameLength) {
}
