package dev.hearth.node.wire;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

import java.util.Arrays;

/**
 * One LZ4 block of the little-endian float32 bytes: lossless and fast enough for the per-token
 * hand-off, where per-hop overhead matters more than ratio.
 *
 * <p>Decoding uses the safe decompressor with the size the frame's dimensions give, never the
 * "fast" one that trusts the block: a corrupt or hostile block then fails with a message instead
 * of reading or writing out of bounds.
 */
final class Lz4Codec implements PayloadCodec {
    private static final long MAX_EXPANSION = 256;
    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    /** Native LZ4 where its JNI library loads, the pure-Java port otherwise; both produce the same format. */
    Lz4Codec() {
        this(LZ4Factory.fastestInstance());
    }

    Lz4Codec(LZ4Factory factory) {
        this.compressor = factory.fastCompressor();
        this.decompressor = factory.safeDecompressor();
    }

    @Override
    public PayloadEncoding encoding() {
        return PayloadEncoding.LZ4;
    }

    @Override
    public byte[] encode(float[] values) {
        return compress(Float32Bytes.toBytes(values));
    }

    /**
     * A long LZ4 match costs one byte per 255 bytes it writes, so a block expands at most about
     * 255-fold (254:1 measured on 16 MiB of zeros).
     */
    @Override
    public long maxValues(byte[] src, int offset, int length) {
        return (MAX_EXPANSION * length + 64) / 4;
    }

    @Override
    public void decode(byte[] src, int offset, int length, float[] dest) {
        byte[] bytes = decompress("LZ4 payload", src, offset, length, 4 * dest.length);
        Float32Bytes.read(bytes, 0, dest, 0, dest.length);
    }

    byte[] compress(byte[] bytes) {
        byte[] out = new byte[compressor.maxCompressedLength(bytes.length)];
        int n = compressor.compress(bytes, 0, bytes.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    /** Exactly {@code expected} bytes from one LZ4 block, or a {@link WireFormatException} naming {@code what}. */
    byte[] decompress(String what, byte[] src, int offset, int length, int expected) {
        byte[] out = new byte[expected];
        int n;
        try {
            n = decompressor.decompress(src, offset, length, out, 0, expected);
        } catch (LZ4Exception e) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED,
                    what + " is not a valid LZ4 block of " + expected + " bytes (" + length + " bytes at offset "
                            + offset + "): " + e.getMessage(), e);
        }
        if (n != expected) {
            throw new WireFormatException(WireFormatException.Reason.TRUNCATED,
                    what + " decompresses to " + n + " bytes, expected " + expected);
        }
        return out;
    }
}
