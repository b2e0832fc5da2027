package dev.hearth.node.wire;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.hearth.node.wire.WireFixtures.codec;
import static dev.hearth.node.wire.WireFixtures.gaussian;
import static dev.hearth.node.wire.WireFixtures.getInt;
import static dev.hearth.node.wire.WireFixtures.putInt;
import static dev.hearth.node.wire.WireFixtures.relength;
import static dev.hearth.node.wire.WireFixtures.reseal;
import static dev.hearth.node.wire.WireFormatException.Reason.BAD_MAGIC;
import static dev.hearth.node.wire.WireFormatException.Reason.CHECKSUM_MISMATCH;
import static dev.hearth.node.wire.WireFormatException.Reason.MALFORMED;
import static dev.hearth.node.wire.WireFormatException.Reason.TOO_LARGE;
import static dev.hearth.node.wire.WireFormatException.Reason.TRAILING_BYTES;
import static dev.hearth.node.wire.WireFormatException.Reason.TRUNCATED;
import static dev.hearth.node.wire.WireFormatException.Reason.UNKNOWN_CODE;
import static dev.hearth.node.wire.WireFormatException.Reason.UNSUPPORTED_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Every way a frame can be wrong gets a {@link WireFormatException} that says which way. */
class MalformedFrameTest {
    /** Offset of the request id's length byte: the first byte after the fixed header. */
    private static final int TEXT_AT = 44;

    private final FrameCodec codec = codec(WireConfig.defaults());

    private byte[] valid(PayloadEncoding encoding) {
        return codec.encode(WireFixtures.hidden(2, 64, gaussian(new SplittableRandom(1), 128, 1)), encoding);
    }

    private void refused(byte[] bytes, WireFormatException.Reason reason, String... message) {
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOfSatisfying(WireFormatException.class, e -> {
            assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
            for (String part : message) {
                assertThat(e.getMessage()).contains(part);
            }
        });
    }

    @Test
    void notAFrame() {
        byte[] bytes = valid(PayloadEncoding.RAW);
        bytes[0] = 'G';
        refused(bytes, BAD_MAGIC, "47 52 54 48", "expected 48 52 54 48 (\"HRTH\")");
        refused("GET / HTTP/1.1\r\n\r\n".getBytes(), BAD_MAGIC);
    }

    @Test
    void anotherFormatVersion() {
        byte[] bytes = valid(PayloadEncoding.RAW);
        bytes[4] = 2;
        refused(bytes, UNSUPPORTED_VERSION, "version 2, this node reads version 1");
    }

    @Test
    void unknownKindCodecOrFlags() {
        byte[] kind = valid(PayloadEncoding.RAW);
        kind[5] = 9;
        refused(kind, UNKNOWN_CODE, "frame kind 9 is unknown, expected one of 1 (HIDDEN), 2 (EXPERT_DISPATCH)");
        byte[] encoding = valid(PayloadEncoding.RAW);
        encoding[6] = 7;
        refused(encoding, UNKNOWN_CODE, "payload codec 7 is unknown, expected one of 0 (RAW), 1 (LZ4), 2 (LOSSY)");
        byte[] flags = valid(PayloadEncoding.RAW);
        flags[7] = 0x10;
        refused(flags, UNKNOWN_CODE, "flags are 0x10, expected 0");
    }

    @Test
    void truncatedAndTrailing() {
        byte[] bytes = valid(PayloadEncoding.LZ4);
        refused(new byte[0], TRUNCATED, "0 bytes, shorter than its 12-byte prefix");
        refused(Arrays.copyOf(bytes, 11), TRUNCATED, "shorter than its 12-byte prefix");
        refused(Arrays.copyOf(bytes, bytes.length - 1), TRUNCATED,
                "frame declares " + bytes.length + " bytes, only " + (bytes.length - 1) + " are here");
        refused(Arrays.copyOf(bytes, bytes.length + 3), TRAILING_BYTES, "3 bytes follow the frame's declared");
    }

    @Test
    void declaredLengthsOutOfRange() {
        byte[] huge = putInt(valid(PayloadEncoding.RAW), 8, -1);
        refused(huge, TOO_LARGE, "frame declares 4294967295 bytes, over the configured maximum of 268435456");
        refused(putInt(valid(PayloadEncoding.RAW), 8, 20), MALFORMED, "less than the smallest possible frame");
    }

    @Test
    void flippedBitsFailTheChecksum() {
        byte[] bytes = valid(PayloadEncoding.RAW);
        bytes[200] ^= 0x04;
        refused(bytes, CHECKSUM_MISMATCH, "its bytes changed on the way");
        byte[] header = valid(PayloadEncoding.RAW);
        header[20] ^= 0x01; // layer 20 → 21
        refused(header, CHECKSUM_MISMATCH);
    }

    @Test
    void dimensionsBeyondTheLimitAreRefusedBeforeAllocating() {
        byte[] bytes = valid(PayloadEncoding.LZ4);
        putInt(bytes, 32, 1 << 20); // rows
        putInt(bytes, 36, 1 << 20); // cols
        refused(reseal(bytes), TOO_LARGE, "payload of 1048576 × 1048576 float32 values is 4398046511104 bytes decoded");
        byte[] negative = putInt(valid(PayloadEncoding.RAW), 36, -5);
        refused(reseal(negative), MALFORMED, "cols is -5, expected 0 to 2147483647");
    }

    @Test
    void aSmallPayloadCannotClaimAHugeShape() {
        // 16 × 4096 float32 is 256 KiB; a 600-byte LZ4 block cannot expand that far
        byte[] bytes = valid(PayloadEncoding.LZ4);
        putInt(bytes, 28, 4096);
        putInt(bytes, 32, 4096);
        putInt(bytes, 36, 16);
        refused(reseal(bytes), TRUNCATED, "LZ4 payload of", "cannot hold 4096 × 16 values");
    }

    @Test
    void payloadSizeDisagreeingWithTheDimensions() {
        byte[] raw = valid(PayloadEncoding.RAW);
        putInt(raw, 32, 1); // one row instead of two: 256 bytes of payload too many
        putInt(raw, 28, 1);
        refused(reseal(raw), TRAILING_BYTES, "RAW payload is 512 bytes, expected 256 (64 float32 values)");

        byte[] lz4 = valid(PayloadEncoding.LZ4);
        putInt(lz4, 32, 1);
        putInt(lz4, 28, 1);
        refused(reseal(lz4), MALFORMED, "not a valid LZ4 block of 256 bytes");

        byte[] lossy = valid(PayloadEncoding.LOSSY);
        putInt(lossy, 32, 1);
        putInt(lossy, 28, 1);
        refused(reseal(lossy), TRAILING_BYTES, "LOSSY payload has", "bytes after its last block (64 values in blocks of 256)");
    }

    @Test
    void payloadLengthFieldOutOfRange() {
        byte[] bytes = valid(PayloadEncoding.RAW);
        int lengthAt = WireFixtures.payloadLengthAt(bytes);
        assertThat(getInt(bytes, lengthAt)).isEqualTo(512);
        refused(reseal(putInt(bytes.clone(), lengthAt, 513)), TRUNCATED, "payload length is 513 bytes, but 512 are left");
        refused(reseal(putInt(bytes.clone(), lengthAt, -1)), TRUNCATED, "payload length is 4294967295 bytes");
        refused(reseal(putInt(bytes.clone(), lengthAt, 508)), TRAILING_BYTES, "4 bytes lie between the 508-byte payload");
    }

    @Test
    void textFieldsRunningPastTheFrame() {
        byte[] bytes = valid(PayloadEncoding.RAW);
        int householdAt = TEXT_AT + 1 + "cmpl-7f3a".length();
        byte[] shortFrame = Arrays.copyOf(bytes, householdAt + 4 + 4);
        refused(relength(shortFrame), TRUNCATED, "frame ends inside household");
        bytes[TEXT_AT] = (byte) 250; // a request id longer than what is left
        byte[] cut = Arrays.copyOf(bytes, TEXT_AT + 60 + 4);
        refused(relength(cut), TRUNCATED, "frame ends inside request id: it needs 250 bytes at offset 45");
    }

    @Test
    void textThatIsNotUtf8() {
        byte[] bytes = valid(PayloadEncoding.RAW);
        bytes[TEXT_AT + 2] = (byte) 0xC3; // "c" → a lead byte with no continuation
        refused(reseal(bytes), MALFORMED, "request id is not valid UTF-8");
    }

    @Test
    void fieldsThatBreakTheFrameRules() {
        byte[] hiddenWithSlots = reseal(putInt(valid(PayloadEncoding.RAW), 40, 2));
        refused(hiddenWithSlots, MALFORMED, "HIDDEN frame has 2 expert slots, expected 0");
        byte[] tokens = reseal(putInt(valid(PayloadEncoding.RAW), 28, 5));
        refused(tokens, MALFORMED, "HIDDEN frame has 2 rows for 5 tokens");
        byte[] layer = reseal(putInt(valid(PayloadEncoding.RAW), 20, -3));
        refused(layer, MALFORMED, "layer is -3, must not be negative");
    }

    @Test
    void badExpertRouting() {
        byte[] bytes = codec.encode(WireFixtures.dispatch(16, new float[48]), PayloadEncoding.RAW);
        int routingAt = WireFixtures.payloadLengthAt(bytes) - 3 * 4 - 6 * 4 - 6 * 4;
        assertThat(getInt(bytes, routingAt)).isZero();
        refused(reseal(putInt(bytes.clone(), routingAt + 4, 0)), MALFORMED, "row 1 has token index 0",
                "strictly increasing");
        refused(reseal(putInt(bytes.clone(), routingAt + 12, -7)), MALFORMED, "row 0 slot 0 has expert -7");
        refused(reseal(putInt(bytes.clone(), routingAt + 12 + 24 + 12, Float.floatToIntBits(12f))), MALFORMED,
                "row 1 slot 1 is unused but has weight 12.0, expected 0");
        refused(reseal(putInt(bytes.clone(), routingAt + 12 + 24, Float.floatToIntBits(Float.NaN))), MALFORMED,
                "row 0 slot 0 has router weight NaN");
        refused(reseal(putInt(bytes.clone(), routingAt + 8, 8)), MALFORMED, "names token 8 of a step of 8 tokens");
    }

    @Test
    void corruptLossyBlocks() {
        byte[] bytes = valid(PayloadEncoding.LOSSY);
        int payloadAt = WireFixtures.payloadLengthAt(bytes) + 4;
        byte[] width = bytes.clone();
        width[payloadAt + 8] = 25;
        refused(reseal(width), MALFORMED, "LOSSY block 0 has bit width 25, expected 0 to 24, or 255 for raw");
        byte[] step = putInt(bytes.clone(), payloadAt, Float.floatToIntBits(-1f));
        refused(reseal(step), MALFORMED, "LOSSY quantisation step is -1.0");
        byte[] blockSize = putInt(bytes.clone(), payloadAt + 4, 0);
        refused(reseal(blockSize), MALFORMED, "LOSSY block size is 0, expected 1 to 65536");
        byte[] min = putInt(bytes.clone(), payloadAt + 9, Float.floatToIntBits(Float.POSITIVE_INFINITY));
        refused(reseal(min), MALFORMED, "LOSSY block 0 has minimum Infinity");
    }

    @Test
    void rejectedFramesAreCountedByReason() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        FrameCodec counted = new FrameCodec(WireConfig.defaults(), new WireMeters(registry, "node-r"));
        byte[] bytes = valid(PayloadEncoding.RAW);
        bytes[100] ^= 1;
        assertThatThrownBy(() -> counted.decode(bytes)).isInstanceOf(WireFormatException.class);
        assertThatThrownBy(() -> counted.decode(new byte[3])).isInstanceOf(WireFormatException.class);
        assertThat(registry.get("hearth_wire_rejected_frames").tag("reason", "checksum_mismatch").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("hearth_wire_rejected_frames").tag("reason", "truncated").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("hearth_wire_frames").tag("direction", "received").counters())
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    /** A stream reader refuses a frame by its prefix before reading the rest: that counts once too. */
    @Test
    void framesRefusedByTheirPrefixAreCountedOnce() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        FrameCodec counted = new FrameCodec(WireConfig.defaults(), new WireMeters(registry, "node-r"));
        byte[] otherVersion = valid(PayloadEncoding.RAW);
        otherVersion[4] = 2;
        assertThatThrownBy(() -> counted.readPrefix(otherVersion, 0, FrameCodec.PREFIX_BYTES))
                .isInstanceOf(WireFormatException.class);
        byte[] notAFrame = valid(PayloadEncoding.RAW);
        notAFrame[0] = 'G';
        assertThatThrownBy(() -> counted.decode(notAFrame)).isInstanceOf(WireFormatException.class);
        assertThat(registry.get("hearth_wire_rejected_frames").tag("reason", "unsupported_version").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("hearth_wire_rejected_frames").tag("reason", "bad_magic").counter().count())
                .isEqualTo(1);
        byte[] good = valid(PayloadEncoding.RAW);
        assertThat(counted.readPrefix(good, 0, FrameCodec.PREFIX_BYTES).frameLength()).isEqualTo(good.length);
        assertThat(registry.get("hearth_wire_rejected_frames").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isEqualTo(2);
    }

    /**
     * Random mutations of valid frames of every kind and codec: flipped bits, overwritten bytes,
     * cuts and extensions, once as they are (the checksum catches them) and once resealed with a
     * fresh checksum and length, so the field and payload checks behind it get exercised too.
     * Nothing but {@link WireFormatException} may come out, and nothing may allocate past the limit.
     */
    @Test
    void fuzzedFramesFailOnlyWithTheFormatException() {
        FrameCodec small = codec(WireConfig.defaults().withMaxFrameBytes(8 << 20));
        SplittableRandom r = new SplittableRandom(2024);
        float[] v = gaussian(r, 3 * 64, 1);
        Arrays.fill(v, 0, 64, 0.25f);
        byte[][] seeds = new byte[12][];
        int s = 0;
        for (PayloadEncoding e : PayloadEncoding.values()) {
            seeds[s++] = small.encode(WireFixtures.hidden(3, 64, v), e);
            seeds[s++] = small.encode(WireFixtures.dispatch(64, v), e);
            seeds[s++] = small.encode(ActivationFrame.expertResult(WireFixtures.dispatch(64, v),
                    new Activations(3, 64, v)), e);
            seeds[s++] = small.encode(WireFixtures.error(), e);
        }
        int decoded = 0;
        int refused = 0;
        for (int trial = 0; trial < 20_000; trial++) {
            byte[] bytes = mutate(r, seeds[trial % seeds.length]);
            if (r.nextInt(4) != 0 && bytes.length >= 16) {
                relength(bytes);
            }
            try {
                small.decode(bytes);
                decoded++;
            } catch (WireFormatException e) {
                assertThat(e.getMessage()).isNotBlank();
                refused++;
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("trial " + trial + " threw " + e + " for " + bytes.length + " bytes", e);
            }
        }
        System.out.printf("fuzz: %d mutated frames decoded, %d refused with WireFormatException%n", decoded, refused);
        assertThat(refused).isGreaterThan(10_000);
    }

    private static byte[] mutate(SplittableRandom r, byte[] seed) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            switch (r.nextInt(6)) {
                case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 2 -> {
                    if (b.length < 4) {
                        continue;
                    }
                    // an interesting 32-bit value over one of the header's numbers
                    int at = r.nextInt(Math.min(b.length - 3, 64));
                    int[] values = {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 16, 1 << 24, 255, 256};
                    putInt(b, at, values[r.nextInt(values.length)]);
                }
                case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 4 -> b = Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
                default -> {
                    // insert one byte: shifts every field after it
                    int at = r.nextInt(b.length + 1);
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }
}
