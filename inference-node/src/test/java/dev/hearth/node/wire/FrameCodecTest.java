package dev.hearth.node.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.hearth.node.wire.WireFixtures.codec;
import static dev.hearth.node.wire.WireFixtures.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {
    private final FrameCodec codec = codec(WireConfig.defaults());

    @ParameterizedTest
    @EnumSource(PayloadEncoding.class)
    void hiddenFramesRoundTripWithEveryCodec(PayloadEncoding encoding) {
        float[] v = gaussian(new SplittableRandom(1), 4 * 300, 1.0);
        ActivationFrame sent = WireFixtures.hidden(4, 300, v);
        byte[] bytes = codec.encode(sent, encoding);
        assertThat(codec.readPrefix(bytes, 0, bytes.length))
                .isEqualTo(new FramePrefix(FrameKind.HIDDEN, encoding, bytes.length));
        ActivationFrame got = codec.decode(bytes);
        assertThat(got).usingRecursiveComparison().ignoringFields("activations").isEqualTo(sent);
        assertClose(got.activations(), sent.activations(), encoding);
    }

    @ParameterizedTest
    @EnumSource(PayloadEncoding.class)
    void expertFramesRoundTripWithEveryCodec(PayloadEncoding encoding) {
        ActivationFrame dispatch = WireFixtures.dispatch(64, gaussian(new SplittableRandom(2), 3 * 64, 0.5));
        ActivationFrame gotDispatch = codec.decode(codec.encode(dispatch, encoding));
        assertThat(gotDispatch.routing()).isEqualTo(dispatch.routing());
        assertThat(gotDispatch).usingRecursiveComparison().ignoringFields("activations").isEqualTo(dispatch);
        assertClose(gotDispatch.activations(), dispatch.activations(), encoding);

        ActivationFrame result = ActivationFrame.expertResult(gotDispatch,
                new Activations(3, 64, gaussian(new SplittableRandom(3), 3 * 64, 0.5)));
        ActivationFrame gotResult = codec.decode(codec.encode(result, encoding));
        assertThat(gotResult.kind()).isEqualTo(FrameKind.EXPERT_RESULT);
        assertThat(gotResult.routing().tokens()).containsExactly(0, 3, 7);
        assertThat(gotResult.routing().slots()).isZero();
        assertThat(gotResult).usingRecursiveComparison().ignoringFields("activations").isEqualTo(result);
        assertClose(gotResult.activations(), result.activations(), encoding);
    }

    @Test
    void errorFramesCarryTheirDetailAndNoPayload() {
        ActivationFrame sent = WireFixtures.error();
        byte[] bytes = codec.encode(sent);
        assertThat(codec.readPrefix(bytes, 0, bytes.length).encoding()).isEqualTo(PayloadEncoding.RAW);
        assertThat(codec.decode(bytes)).isEqualTo(sent);
        for (PayloadEncoding e : PayloadEncoding.values()) {
            assertThat(codec.decode(codec.encode(sent, e))).as("%s", e).isEqualTo(sent);
        }
    }

    @Test
    void textFieldsKeepEveryCharacter() {
        ActivationFrame sent = ActivationFrame.hidden("cmpl-ü-日本-🔥", "maison-é", TraceContext.none(), 0, 0, 0,
                new Activations(1, 2, new float[] {1, 2}));
        assertThat(codec.decode(codec.encode(sent))).isEqualTo(sent);
    }

    @ParameterizedTest
    @EnumSource(value = PayloadEncoding.class, names = {"RAW", "LZ4"})
    void losslessCodecsKeepEveryBit(PayloadEncoding encoding) {
        float[] v = new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE,
                -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
                Float.intBitsToFloat(0x7fc01234), Float.intBitsToFloat(0xff800001), 1e-3f, 3.14159f, -42f, 7f};
        SplittableRandom r = new SplittableRandom(4);
        float[] noise = new float[4096];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = Float.intBitsToFloat(r.nextInt());
        }
        for (float[] values : new float[][] {v, noise}) {
            ActivationFrame sent = WireFixtures.hidden(values.length / 16, 16, values);
            float[] got = codec.decode(codec.encode(sent, encoding)).activations().values();
            for (int i = 0; i < values.length; i++) {
                assertThat(Float.floatToRawIntBits(got[i])).as("value %d", i)
                        .isEqualTo(Float.floatToRawIntBits(values[i]));
            }
        }
    }

    @Test
    void policyPicksLz4BelowTheThresholdAndLossyFromIt() {
        // 1 × 7168: one decode-step token, 28 KiB
        float[] token = gaussian(new SplittableRandom(5), 7168, 1.0);
        token[0] = 0; // LZ4 on gaussian float32 barely wins, so give it something to find
        Arrays.fill(token, 0, 2048, 0f);
        byte[] small = codec.encode(WireFixtures.hidden(1, 7168, token));
        assertThat(codec.readPrefix(small, 0, small.length).encoding()).isEqualTo(PayloadEncoding.LZ4);
        // 64 × 7168: 1.75 MiB, a prefill hand-off
        byte[] large = codec.encode(WireFixtures.hidden(64, 7168, gaussian(new SplittableRandom(6), 64 * 7168, 1.0)));
        assertThat(codec.readPrefix(large, 0, large.length).encoding()).isEqualTo(PayloadEncoding.LOSSY);
    }

    @Test
    void withLossyOffEveryFrameIsBitExact() {
        FrameCodec exact = codec(WireConfig.defaults().withPolicy(AdaptiveCodecPolicy.lossless()));
        float[] v = gaussian(new SplittableRandom(7), 64 * 7168, 1.0);
        Arrays.fill(v, 0, 100_000, 0f);
        ActivationFrame sent = WireFixtures.hidden(64, 7168, v);
        byte[] bytes = exact.encode(sent);
        assertThat(exact.readPrefix(bytes, 0, bytes.length).encoding()).isEqualTo(PayloadEncoding.LZ4);
        assertThat(exact.decode(bytes)).isEqualTo(sent);
    }

    @Test
    void aCodecThatDoesNotShrinkThePayloadGivesWayToRaw() {
        // float32 noise over the whole exponent range: LZ4 finds nothing, lossy stores every block raw
        SplittableRandom r = new SplittableRandom(8);
        float[] noise = new float[64 * 7168];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (r.nextDouble(-1, 1) * Math.pow(10, r.nextInt(-30, 30)));
        }
        for (int rows : new int[] {1, 64}) {
            ActivationFrame sent = WireFixtures.hidden(rows, 7168, Arrays.copyOf(noise, rows * 7168));
            byte[] bytes = codec.encode(sent);
            assertThat(codec.readPrefix(bytes, 0, bytes.length).encoding()).as("%d rows", rows)
                    .isEqualTo(PayloadEncoding.RAW);
            assertThat(codec.decode(bytes)).isEqualTo(sent);
        }
    }

    @Test
    void lossyFramesCarryTheirOwnStepAndBlockSize() {
        // a receiver configured differently still reads what a sender wrote: the payload describes itself
        FrameCodec sender = codec(new WireConfig(WireConfig.DEFAULT_MAX_FRAME_BYTES, AdaptiveCodecPolicy.defaults(),
                0.05, 64));
        float[] v = gaussian(new SplittableRandom(10), 8 * 1000, 3);
        float[] got = codec.decode(sender.encode(WireFixtures.hidden(8, 1000, v), PayloadEncoding.LOSSY))
                .activations().values();
        double worst = 0;
        for (int i = 0; i < v.length; i++) {
            worst = Math.max(worst, Math.abs((double) got[i] - v[i]));
        }
        assertThat(worst).isLessThanOrEqualTo(0.05).isGreaterThan(WireConfig.DEFAULT_ERROR_BOUND);
    }

    @Test
    void framesOverTheLimitAreRefusedWhenSent() {
        FrameCodec small = codec(WireConfig.defaults().withMaxFrameBytes(64 * 1024));
        ActivationFrame big = WireFixtures.hidden(4, 7168, new float[4 * 7168]);
        assertThatThrownBy(() -> small.encode(big, PayloadEncoding.LZ4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("114688 payload bytes, over the configured maximum of 65536 (maxFrameBytes)");
        // the payload fits, the frame around it does not
        FrameCodec tight = codec(WireConfig.defaults().withMaxFrameBytes(2 * 7168 * 4 + 16));
        ActivationFrame noise = WireFixtures.hidden(2, 7168, gaussian(new SplittableRandom(9), 2 * 7168, 1));
        assertThatThrownBy(() -> tight.encode(noise, PayloadEncoding.RAW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("would be 57489 bytes with RAW, over the configured maximum of 57360 (maxFrameBytes)");
    }

    @Test
    void aLargeHighlyCompressibleFrameStillDecodes() {
        // 16 MiB of zeros: LZ4's best case sits just under the expansion bound the decoder checks
        ActivationFrame zeros = WireFixtures.hidden(585, 7168, new float[585 * 7168]);
        byte[] bytes = codec.encode(zeros, PayloadEncoding.LZ4);
        System.out.printf("LZ4 on %d zero bytes: %d bytes (%.0f:1)%n", zeros.activations().rawBytes(), bytes.length,
                (double) zeros.activations().rawBytes() / bytes.length);
        assertThat(codec.decode(bytes)).isEqualTo(zeros);
    }

    @Test
    void configurationIsChecked() {
        assertThatThrownBy(() -> WireConfig.defaults().withMaxFrameBytes(10))
                .hasMessage("maxFrameBytes is 10, expected 60 to 2147483631");
        assertThatThrownBy(() -> WireConfig.defaults().withErrorBound(-1))
                .hasMessageContaining("lossy error bound is -1.0, expected a finite number > 0");
        assertThatThrownBy(() -> new WireConfig(1 << 20, null, 1e-3, 256)).hasMessage("policy is missing");
    }

    static void assertClose(Activations got, Activations sent, PayloadEncoding encoding) {
        assertThat(got.rows()).isEqualTo(sent.rows());
        assertThat(got.cols()).isEqualTo(sent.cols());
        if (encoding.lossless()) {
            assertThat(got).isEqualTo(sent);
            return;
        }
        float[] a = got.values();
        float[] b = sent.values();
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs((double) a[i] - b[i])).as("value %d", i).isLessThanOrEqualTo(WireConfig.DEFAULT_ERROR_BOUND);
        }
    }
}
