package dev.hearth.node.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float32 arrays as little-endian bytes. Bulk copies through a buffer view keep every bit,
 * NaN payloads included, and are a plain memory copy on little-endian machines.
 */
final class Float32Bytes {
    private Float32Bytes() {
    }

    static void write(float[] values, int from, int count, byte[] dest, int offset) {
        ByteBuffer.wrap(dest, offset, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, from, count);
    }

    static void read(byte[] src, int offset, float[] dest, int from, int count) {
        ByteBuffer.wrap(src, offset, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(dest, from, count);
    }

    static byte[] toBytes(float[] values) {
        byte[] bytes = new byte[4 * values.length];
        write(values, 0, values.length, bytes, 0);
        return bytes;
    }
}
