package dev.hearth.node.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static dev.hearth.node.wire.WireFormatException.Reason.TRUNCATED;

/**
 * A cursor over one frame's fields that checks every read against the bytes left before the
 * checksum, so no length from the wire can make it read past the frame or allocate more than the
 * frame holds.
 */
final class FrameReader {
    private final ByteBuffer b;
    private final int start;

    /** Reads {@code bytes[from, end)}; offsets in messages count from {@code frameStart}. */
    FrameReader(byte[] bytes, int frameStart, int from, int end) {
        this.b = ByteBuffer.wrap(bytes, from, end - from).order(ByteOrder.LITTLE_ENDIAN);
        this.start = frameStart;
    }

    int remaining() {
        return b.remaining();
    }

    int position() {
        return b.position();
    }

    int frameOffset() {
        return b.position() - start;
    }

    byte[] array() {
        return b.array();
    }

    int u8(String field) {
        need(field, 1);
        return b.get() & 0xff;
    }

    int u16(String field) {
        need(field, 2);
        return b.getShort() & 0xffff;
    }

    int i32(String field) {
        need(field, 4);
        return b.getInt();
    }

    long i64(String field) {
        need(field, 8);
        return b.getLong();
    }

    int[] ints(String field, int count) {
        need(field, 4L * count);
        int[] out = new int[count];
        b.asIntBuffer().get(out);
        b.position(b.position() + 4 * count);
        return out;
    }

    float[] floats(String field, int count) {
        need(field, 4L * count);
        float[] out = new float[count];
        b.asFloatBuffer().get(out);
        b.position(b.position() + 4 * count);
        return out;
    }

    /** A text field of {@code length} bytes at the cursor. */
    String text(String field, int length) {
        need(field, length);
        String s = WireText.decode(field, b.array(), b.position(), length);
        b.position(b.position() + length);
        return s;
    }

    void need(String field, long bytes) {
        if (bytes > b.remaining()) {
            throw new WireFormatException(TRUNCATED, "frame ends inside " + field + ": it needs " + bytes
                    + " bytes at offset " + frameOffset() + ", " + b.remaining() + " are left before the checksum");
        }
    }
}
