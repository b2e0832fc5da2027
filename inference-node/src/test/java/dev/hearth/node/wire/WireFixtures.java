package dev.hearth.node.wire;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** Frames and activations the wire tests share. */
final class WireFixtures {
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private WireFixtures() {
    }

    static FrameCodec codec(WireConfig config) {
        return new FrameCodec(config, new WireMeters(new SimpleMeterRegistry(), "node-t"));
    }

    static float[] gaussian(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (scale * gauss(r));
        }
        return v;
    }

    static double gauss(SplittableRandom r) {
        // Box–Muller: SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static Activations activations(int rows, int cols, float[] values) {
        return new Activations(rows, cols, values);
    }

    static ActivationFrame hidden(int rows, int cols, float[] values) {
        return ActivationFrame.hidden("cmpl-7f3a", "household-42", new TraceContext(TRACEPARENT, "hearth=n17"), 20,
                130, 9L, new Activations(rows, cols, values));
    }

    /** Three of eight step tokens dispatched to experts on the receiver, up to two experts per row. */
    static ActivationFrame dispatch(int cols, float[] values) {
        ExpertRouting routing = new ExpertRouting(new int[] {0, 3, 7}, 2,
                new int[] {12, 40, 5, ExpertRouting.NO_EXPERT, 40, 201},
                new float[] {0.61f, 0.12f, 0.9f, 0f, 0.33f, 0.25f});
        return ActivationFrame.expertDispatch("cmpl-7f3a", "household-42", TraceContext.of(TRACEPARENT), 5, 130, 8,
                9L, new Activations(3, cols, values), routing);
    }

    static ActivationFrame error() {
        return ActivationFrame.error("cmpl-7f3a", "household-42", TraceContext.none(), 33, 9L,
                "layer 33 on node-b: CUDA out of memory");
    }

    /** Writes a fresh CRC32C after a test has edited a frame, so the decoder looks past the checksum. */
    static byte[] reseal(byte[] frame) {
        CRC32C crc = new CRC32C();
        crc.update(frame, 0, frame.length - 4);
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(frame.length - 4, (int) crc.getValue());
        return frame;
    }

    /** Sets the declared frame length to the array's length, then reseals. */
    static byte[] relength(byte[] frame) {
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(8, frame.length);
        return reseal(frame);
    }

    static byte[] putInt(byte[] frame, int offset, int value) {
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return frame;
    }

    static int getInt(byte[] frame, int offset) {
        return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(offset);
    }

    /** Offset of the payload length field, found by walking the header as the format lays it out. */
    static int payloadLengthAt(byte[] frame) {
        int p = 44;
        p += 1 + (frame[p] & 0xff); // request id
        p += 1 + (frame[p] & 0xff); // household
        p += 1 + (frame[p] & 0xff); // traceparent
        p += 2 + ((frame[p] & 0xff) | (frame[p + 1] & 0xff) << 8); // tracestate
        p += 2 + ((frame[p] & 0xff) | (frame[p + 1] & 0xff) << 8); // detail
        if (frame[5] == FrameKind.EXPERT_DISPATCH.code() || frame[5] == FrameKind.EXPERT_RESULT.code()) {
            int rows = getInt(frame, 32);
            p += 4 * rows + 8 * rows * getInt(frame, 40);
        }
        return p;
    }

    static int payloadLength(byte[] frame) {
        return getInt(frame, payloadLengthAt(frame));
    }
}
