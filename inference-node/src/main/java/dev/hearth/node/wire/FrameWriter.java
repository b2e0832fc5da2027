package dev.hearth.node.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Lays out one frame around an already encoded payload; see {@link FrameLayout}. */
final class FrameWriter {
    private FrameWriter() {
    }

    static byte[] write(ActivationFrame f, PayloadEncoding encoding, byte[] payload, int maxFrameBytes) {
        byte[] id = WireText.utf8("requestId", f.requestId(), ActivationFrame.MAX_ID_BYTES);
        byte[] household = WireText.utf8("household", f.household(), ActivationFrame.MAX_ID_BYTES);
        byte[] traceparent = f.trace().traceparent().getBytes(StandardCharsets.US_ASCII);
        byte[] tracestate = f.trace().tracestate().getBytes(StandardCharsets.US_ASCII);
        byte[] detail = WireText.utf8("detail", f.detail(), ActivationFrame.MAX_DETAIL_BYTES);
        ExpertRouting routing = f.routing();
        long routingBytes = f.kind().isExpert() ? 4L * routing.rows() + 8L * routing.experts().length : 0;
        long total = FrameLayout.FIXED_BYTES + 1 + id.length + 1 + household.length + 1 + traceparent.length
                + 2 + tracestate.length + 2 + detail.length + routingBytes + 4 + payload.length + FrameLayout.CRC_BYTES;
        if (total > maxFrameBytes) {
            throw new IllegalArgumentException(f.kind() + " frame of " + f.activations() + " would be " + total
                    + " bytes with " + encoding + ", over the configured maximum of " + maxFrameBytes
                    + " (maxFrameBytes): split the step into smaller frames or raise the limit on every node");
        }
        byte[] out = new byte[(int) total];
        ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        b.put(FrameLayout.MAGIC).put((byte) FrameLayout.VERSION).put((byte) f.kind().code())
                .put((byte) encoding.id()).put((byte) 0).putInt((int) total);
        b.putLong(f.placementVersion()).putInt(f.layer()).putInt(f.startPosition()).putInt(f.tokenCount())
                .putInt(f.activations().rows()).putInt(f.activations().cols()).putInt(routing.slots());
        b.put((byte) id.length).put(id);
        b.put((byte) household.length).put(household);
        b.put((byte) traceparent.length).put(traceparent);
        b.putShort((short) tracestate.length).put(tracestate);
        b.putShort((short) detail.length).put(detail);
        if (f.kind().isExpert()) {
            putInts(b, routing.tokens());
            putInts(b, routing.experts());
            b.asFloatBuffer().put(routing.weights());
            b.position(b.position() + 4 * routing.weights().length);
        }
        b.putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, out.length - FrameLayout.CRC_BYTES);
        b.putInt((int) crc.getValue());
        return out;
    }

    private static void putInts(ByteBuffer b, int[] values) {
        b.asIntBuffer().put(values);
        b.position(b.position() + 4 * values.length);
    }
}
