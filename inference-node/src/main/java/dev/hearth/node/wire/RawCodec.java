package dev.hearth.node.wire;

/** Little-endian float32 as is: the lossless baseline, and what compression must beat to be used. */
final class RawCodec implements PayloadCodec {

    @Override
    public PayloadEncoding encoding() {
        return PayloadEncoding.RAW;
    }

    @Override
    public byte[] encode(float[] values) {
        return Float32Bytes.toBytes(values);
    }

    @Override
    public long maxValues(byte[] src, int offset, int length) {
        return length / 4;
    }

    @Override
    public void decode(byte[] src, int offset, int length, float[] dest) {
        long expected = 4L * dest.length;
        if (length != expected) {
            throw new WireFormatException(length < expected ? WireFormatException.Reason.TRUNCATED
                    : WireFormatException.Reason.TRAILING_BYTES,
                    "RAW payload is " + length + " bytes, expected " + expected + " (" + dest.length + " float32 values)");
        }
        Float32Bytes.read(src, offset, dest, 0, dest.length);
    }
}
