package dev.hearth.node.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

import static dev.hearth.node.wire.WireFormatException.Reason.BAD_MAGIC;
import static dev.hearth.node.wire.WireFormatException.Reason.CHECKSUM_MISMATCH;
import static dev.hearth.node.wire.WireFormatException.Reason.MALFORMED;
import static dev.hearth.node.wire.WireFormatException.Reason.TOO_LARGE;
import static dev.hearth.node.wire.WireFormatException.Reason.TRAILING_BYTES;
import static dev.hearth.node.wire.WireFormatException.Reason.TRUNCATED;
import static dev.hearth.node.wire.WireFormatException.Reason.UNKNOWN_CODE;
import static dev.hearth.node.wire.WireFormatException.Reason.UNSUPPORTED_VERSION;

/**
 * Activation frames to bytes and back (layout in {@link FrameLayout}). Encoding picks the payload
 * codec by the configured {@link AdaptiveCodecPolicy}; decoding reads any codec, checks every
 * length against the bytes present and the configured maximum before allocating, verifies the
 * CRC32C, and throws {@link WireFormatException} naming what was wrong. Thread-safe.
 */
public final class FrameCodec {
    /** Bytes a stream reader needs before {@link #readPrefix} can tell it the frame's length. */
    public static final int PREFIX_BYTES = FrameLayout.PREFIX_BYTES;

    private final WireConfig config;
    private final WireMeters meters;
    private final Map<PayloadEncoding, PayloadCodec> codecs = new EnumMap<>(PayloadEncoding.class);

    public FrameCodec(WireConfig config, WireMeters meters) {
        this.config = Objects.requireNonNull(config, "config");
        this.meters = Objects.requireNonNull(meters, "meters");
        codecs.put(PayloadEncoding.RAW, new RawCodec());
        codecs.put(PayloadEncoding.LZ4, new Lz4Codec());
        codecs.put(PayloadEncoding.LOSSY, new LossyCodec(config.errorBound(), config.lossyBlockSize()));
    }

    public WireConfig config() {
        return config;
    }

    /**
     * Encodes with the codec the policy picks for this payload's size. A codec that does not make
     * the payload smaller (LZ4 on float32 noise, lossy on values too spread for 24 bits) is dropped
     * for RAW: the receiver then gets exact values for no extra bytes.
     */
    public byte[] encode(ActivationFrame frame) {
        requireAcceptable(frame);
        float[] values = frame.activations().values();
        long raw = frame.activations().rawBytes();
        PayloadEncoding chosen = raw == 0 ? PayloadEncoding.RAW : config.policy().choose(raw);
        byte[] payload = codecs.get(chosen).encode(values);
        if (chosen != PayloadEncoding.RAW && payload.length >= raw) {
            chosen = PayloadEncoding.RAW;
            payload = codecs.get(chosen).encode(values);
        }
        return write(frame, chosen, payload);
    }

    /** Encodes with exactly {@code encoding}, whatever the policy would pick. */
    public byte[] encode(ActivationFrame frame, PayloadEncoding encoding) {
        requireAcceptable(frame);
        return write(frame, encoding, codecs.get(encoding).encode(frame.activations().values()));
    }

    /** Receivers refuse payloads that decode past the limit, so the sender refuses them first. */
    private void requireAcceptable(ActivationFrame frame) {
        long raw = frame.activations().rawBytes();
        if (raw > config.maxFrameBytes()) {
            throw new IllegalArgumentException(frame.kind() + " frame of " + frame.activations() + " holds " + raw
                    + " payload bytes, over the configured maximum of " + config.maxFrameBytes()
                    + " (maxFrameBytes) that receivers accept: split the step into smaller frames");
        }
    }

    private byte[] write(ActivationFrame frame, PayloadEncoding encoding, byte[] payload) {
        byte[] bytes = FrameWriter.write(frame, encoding, payload, config.maxFrameBytes());
        meters.sent(encoding, frame.activations().rawBytes(), payload.length);
        return bytes;
    }

    public ActivationFrame decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes the frame that is exactly {@code bytes[offset, offset + length)}. */
    public ActivationFrame decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            return read(bytes, offset, length);
        } catch (WireFormatException e) {
            meters.rejected(e.reason());
            throw e;
        }
    }

    /**
     * Checks a frame's first {@link #PREFIX_BYTES} bytes at {@code offset} (magic, version, kind,
     * codec, flags, length within the configured maximum) and returns what they say. A stream reader
     * asks this before reading the rest, so a prefix refused here is counted as a rejected frame, as
     * {@link #decode} counts the frames it refuses.
     */
    public FramePrefix readPrefix(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        try {
            return prefix(bytes, offset, length);
        } catch (WireFormatException e) {
            meters.rejected(e.reason());
            throw e;
        }
    }

    private FramePrefix prefix(byte[] bytes, int offset, int length) {
        if (length < PREFIX_BYTES) {
            throw new WireFormatException(TRUNCATED, "frame is " + length + " bytes, shorter than its "
                    + PREFIX_BYTES + "-byte prefix");
        }
        for (int i = 0; i < FrameLayout.MAGIC.length; i++) {
            if (bytes[offset + i] != FrameLayout.MAGIC[i]) {
                throw new WireFormatException(BAD_MAGIC, "frame starts with bytes "
                        + HexFormat.ofDelimiter(" ").formatHex(bytes, offset, offset + 4) + ", expected "
                        + HexFormat.ofDelimiter(" ").formatHex(FrameLayout.MAGIC) + " (\"HRTH\"): not a Hearth activation frame");
            }
        }
        int version = bytes[offset + 4] & 0xff;
        if (version != FrameLayout.VERSION) {
            throw new WireFormatException(UNSUPPORTED_VERSION, "frame format version " + version
                    + ", this node reads version " + FrameLayout.VERSION + ": run the same Hearth release on both nodes");
        }
        int kindCode = bytes[offset + 5] & 0xff;
        FrameKind kind = FrameKind.byCode(kindCode);
        if (kind == null) {
            throw new WireFormatException(UNKNOWN_CODE, "frame kind " + kindCode + " is unknown, expected one of "
                    + codes(FrameKind.values()));
        }
        int encodingId = bytes[offset + 6] & 0xff;
        PayloadEncoding encoding = PayloadEncoding.byId(encodingId);
        if (encoding == null) {
            throw new WireFormatException(UNKNOWN_CODE, "payload codec " + encodingId + " is unknown, expected one of "
                    + codes(PayloadEncoding.values()));
        }
        int flags = bytes[offset + 7] & 0xff;
        if (flags != 0) {
            throw new WireFormatException(UNKNOWN_CODE, "frame flags are 0x" + Integer.toHexString(flags)
                    + ", expected 0: format version " + FrameLayout.VERSION + " defines no flags");
        }
        long frameLength = ByteBuffer.wrap(bytes, offset + 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
        if (frameLength > config.maxFrameBytes()) {
            throw new WireFormatException(TOO_LARGE, "frame declares " + frameLength
                    + " bytes, over the configured maximum of " + config.maxFrameBytes() + " (maxFrameBytes)");
        }
        if (frameLength < FrameLayout.MIN_FRAME_BYTES) {
            throw new WireFormatException(MALFORMED, "frame declares " + frameLength
                    + " bytes, less than the smallest possible frame of " + FrameLayout.MIN_FRAME_BYTES);
        }
        return new FramePrefix(kind, encoding, (int) frameLength);
    }

    private ActivationFrame read(byte[] bytes, int offset, int length) {
        FramePrefix prefix = prefix(bytes, offset, length);
        int frameLength = prefix.frameLength();
        if (length < frameLength) {
            throw new WireFormatException(TRUNCATED, "frame declares " + frameLength + " bytes, only " + length
                    + " are here");
        }
        if (length > frameLength) {
            throw new WireFormatException(TRAILING_BYTES, (length - frameLength) + " bytes follow the frame's declared "
                    + frameLength + " bytes");
        }
        int crcAt = offset + frameLength - FrameLayout.CRC_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, frameLength - FrameLayout.CRC_BYTES);
        int stored = ByteBuffer.wrap(bytes, crcAt, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int) crc.getValue() != stored) {
            throw new WireFormatException(CHECKSUM_MISMATCH, String.format(
                    "frame CRC32C is %08x, the frame says %08x: its bytes changed on the way", (int) crc.getValue(), stored));
        }
        FrameReader r = new FrameReader(bytes, offset, offset + PREFIX_BYTES, crcAt);
        return fields(prefix, r);
    }

    private ActivationFrame fields(FramePrefix prefix, FrameReader r) {
        FrameKind kind = prefix.kind();
        long placement = r.i64("placement version");
        int layer = r.i32("layer");
        int start = r.i32("start position");
        int tokens = r.i32("token count");
        int rows = nonNegative("rows", r.i32("rows"));
        int cols = nonNegative("cols", r.i32("cols"));
        int slots = nonNegative("expert slots", r.i32("expert slots"));
        long values = (long) rows * cols;
        if (4 * values > config.maxFrameBytes()) {
            throw new WireFormatException(TOO_LARGE, "payload of " + rows + " × " + cols + " float32 values is "
                    + 4 * values + " bytes decoded, over the configured maximum of " + config.maxFrameBytes()
                    + " (maxFrameBytes)");
        }
        if (kind != FrameKind.EXPERT_DISPATCH && slots != 0) {
            throw new WireFormatException(MALFORMED, kind + " frame has " + slots
                    + " expert slots, expected 0: only EXPERT_DISPATCH frames name experts");
        }
        String requestId = r.text("request id", r.u8("request id length"));
        String household = r.text("household", r.u8("household length"));
        String traceparent = r.text("traceparent", r.u8("traceparent length"));
        String tracestate = r.text("tracestate", r.u16("tracestate length"));
        String detail = r.text("detail", r.u16("detail length"));
        ExpertRouting routing = ExpertRouting.none();
        if (kind.isExpert()) {
            r.need("expert routing of " + rows + " rows × " + slots + " slots", 4L * rows + 8L * rows * slots);
            int[] rowTokens = r.ints("token indices", rows);
            int[] experts = r.ints("expert ids", rows * slots);
            float[] weights = r.floats("router weights", rows * slots);
            routing = valid(() -> new ExpertRouting(rowTokens, slots, experts, weights));
        }
        int payloadLength = r.i32("payload length");
        if (payloadLength < 0 || payloadLength > r.remaining()) {
            throw new WireFormatException(TRUNCATED, "payload length is " + Integer.toUnsignedString(payloadLength)
                    + " bytes, but " + r.remaining() + " are left before the checksum");
        }
        if (payloadLength < r.remaining()) {
            throw new WireFormatException(TRAILING_BYTES, (r.remaining() - payloadLength)
                    + " bytes lie between the " + payloadLength + "-byte payload and the checksum");
        }
        PayloadCodec codec = codecs.get(prefix.encoding());
        long most = codec.maxValues(r.array(), r.position(), payloadLength);
        if (values > most) {
            throw new WireFormatException(TRUNCATED, prefix.encoding() + " payload of " + payloadLength
                    + " bytes cannot hold " + rows + " × " + cols + " values (at most " + most + ")");
        }
        float[] decoded = new float[(int) values];
        codec.decode(r.array(), r.position(), payloadLength, decoded);
        ExpertRouting rowRouting = routing;
        ActivationFrame frame = valid(() -> new ActivationFrame(kind, requestId, household,
                new TraceContext(traceparent, tracestate), layer, start, tokens, placement,
                new Activations(rows, cols, decoded), rowRouting, detail));
        meters.received(prefix.encoding(), 4 * values, payloadLength);
        return frame;
    }

    private static int nonNegative(String field, int value) {
        if (value < 0) {
            throw new WireFormatException(MALFORMED, field + " is " + value + ", expected 0 to " + Integer.MAX_VALUE);
        }
        return value;
    }

    /** The fields are each well-formed; this turns a frame-level rule they break into a format error. */
    private static <T> T valid(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw new WireFormatException(MALFORMED, "frame fields break the format's rules: " + e.getMessage(), e);
        }
    }

    private static String codes(FrameKind[] kinds) {
        StringBuilder s = new StringBuilder();
        for (FrameKind k : kinds) {
            s.append(s.length() == 0 ? "" : ", ").append(k.code()).append(" (").append(k).append(')');
        }
        return s.toString();
    }

    private static String codes(PayloadEncoding[] encodings) {
        StringBuilder s = new StringBuilder();
        for (PayloadEncoding e : encodings) {
            s.append(s.length() == 0 ? "" : ", ").append(e.id()).append(" (").append(e).append(')');
        }
        return s.toString();
    }
}
