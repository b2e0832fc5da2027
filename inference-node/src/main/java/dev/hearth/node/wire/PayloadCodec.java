package dev.hearth.node.wire;

/** Turns a frame's float32 payload into bytes and back; one implementation per {@link PayloadEncoding}. */
interface PayloadCodec {
    PayloadEncoding encoding();

    byte[] encode(float[] values);

    /**
     * The most values {@code length} encoded bytes at {@code offset} can possibly decode to, so a
     * frame that claims more is refused before its output array is allocated.
     */
    long maxValues(byte[] src, int offset, int length);

    /**
     * Fills {@code dest} (sized by the frame's dimensions, already checked against the limits) from
     * {@code length} bytes at {@code offset}; throws {@link WireFormatException} when those bytes do
     * not decode to exactly {@code dest.length} values.
     */
    void decode(byte[] src, int offset, int length, float[] dest);
}
