package dev.hearth.node.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.List;

import static dev.hearth.node.wire.WireFixtures.gauss;
import static dev.hearth.node.wire.WireFixtures.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lossy codec's promise: |decoded − original| ≤ bound for every finite value, non-finite values
 * bit for bit, whatever the input looks like.
 */
class LossyCodecTest {
    private static final double BOUND = WireConfig.DEFAULT_ERROR_BOUND;
    private final LossyCodec codec = new LossyCodec(BOUND, WireConfig.DEFAULT_LOSSY_BLOCK_SIZE);

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.3, 1, 3, 10, 30, 100})
    void gaussianActivationsStayWithinTheBound(double scale) {
        SplittableRandom r = new SplittableRandom(Double.doubleToLongBits(scale));
        double worst = 0;
        long raw = 0;
        long encoded = 0;
        for (int trial = 0; trial < 40; trial++) {
            float[] v = gaussian(r, 1 + r.nextInt(20_000), scale);
            byte[] bytes = codec.encode(v);
            worst = Math.max(worst, maxError(v, roundTrip(codec, v, bytes)));
            raw += 4L * v.length;
            encoded += bytes.length;
        }
        System.out.printf("lossy, gaussian scale %s: max error %.3g (bound %.0e), ratio %.2f:1%n", scale, worst,
                BOUND, (double) raw / encoded);
        assertThat(worst).isLessThanOrEqualTo(BOUND);
    }

    @Test
    void manyDistributionsStayWithinTheBound() {
        SplittableRandom r = new SplittableRandom(11);
        List<Shape> shapes = shapes();
        double worst = 0;
        int checked = 0;
        for (int trial = 0; trial < 600; trial++) {
            int n = 1 + r.nextInt(3000);
            float[] v = shapes.get(trial % shapes.size()).make(r, n);
            float[] got = roundTrip(codec, v, codec.encode(v));
            worst = Math.max(worst, maxError(v, got));
            checked += n;
        }
        System.out.printf("lossy, %d values over %d shapes: max error %.3g (bound %.0e)%n", checked, shapes.size(),
                worst, BOUND);
        assertThat(worst).isLessThanOrEqualTo(BOUND);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-6, 1e-5, 1e-4, 1e-2, 0.1, 0.5})
    void otherBoundsHoldToo(double bound) {
        LossyCodec c = new LossyCodec(bound, 128);
        SplittableRandom r = new SplittableRandom(12);
        List<Shape> shapes = shapes();
        for (int trial = 0; trial < 120; trial++) {
            float[] v = shapes.get(trial % shapes.size()).make(r, 1 + r.nextInt(2000));
            assertThat(maxError(v, roundTrip(c, v, c.encode(v)))).as("trial %d", trial).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void valuesOnTheHalfStepBetweenLevelsStayWithinTheBound() {
        // the worst case for rounding: x exactly between two levels, at magnitudes where float32's own
        // rounding of the rebuilt value is as large as the margin left for it
        SplittableRandom r = new SplittableRandom(13);
        double step = 2 * BOUND * (1 - 1.0 / 16);
        for (float base : new float[] {0f, 1f, 17.5f, 63.9f, 64f, 100f, 127f, 1000f, -250f, 8191f}) {
            float[] v = new float[256];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (base + (r.nextInt(2000) + 0.5) * step);
            }
            v[0] = base;
            assertThat(maxError(v, roundTrip(codec, v, codec.encode(v)))).as("base %s", base)
                    .isLessThanOrEqualTo(BOUND);
        }
    }

    @Test
    void aBlockWhereFloat32RoundingWouldBreakTheBoundGoesRaw() {
        // near 20000 float32 values are 0.00195 apart: with a bound of 0.0015 a value more than half
        // that spacing from its level comes back a whole spacing off, over the bound, so the check
        // must store the block raw (exact) even though a few bits would span its range
        LossyCodec c = new LossyCodec(1.5e-3, 256);
        SplittableRandom r = new SplittableRandom(16);
        float[] v = new float[256];
        for (int i = 0; i < v.length; i++) {
            v[i] = 20000f + (float) r.nextDouble(0, 0.5);
        }
        byte[] bytes = c.encode(v);
        assertThat(bytes[8] & 0xff).isEqualTo(LossyCodec.RAW_BLOCK);
        assertThat(maxError(v, roundTrip(c, v, bytes))).isZero();
        // the same shape near 10 quantises: 0.5 / (2 · 0.0015 · 15/16) = 178 levels, 8 bits
        for (int i = 0; i < v.length; i++) {
            v[i] -= 19990f;
        }
        bytes = c.encode(v);
        assertThat(bytes[8] & 0xff).isEqualTo(8);
        assertThat(maxError(v, roundTrip(c, v, bytes))).isLessThanOrEqualTo(1.5e-3);
    }

    @Test
    void nonFiniteValuesComeBackBitForBitAndTheirNeighboursWithinTheBound() {
        float[] v = gaussian(new SplittableRandom(14), 1000, 1.0);
        int[] specials = {3, 300, 301, 999};
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0x7fa00042)};
        for (int i = 0; i < specials.length; i++) {
            v[specials[i]] = values[i];
        }
        float[] got = roundTrip(codec, v, codec.encode(v));
        for (int i = 0; i < specials.length; i++) {
            assertThat(Float.floatToRawIntBits(got[specials[i]])).isEqualTo(Float.floatToRawIntBits(values[i]));
        }
        assertThat(maxError(v, got)).isLessThanOrEqualTo(BOUND);
        // only the blocks holding them go raw: 0 (values 0–255) and 1 (256–511), 3 (768–999)
        int rawBlocks = 0;
        byte[] bytes = codec.encode(v);
        for (int block = 0, p = 8; block < 4; block++) {
            int width = bytes[p] & 0xff;
            rawBlocks += width == LossyCodec.RAW_BLOCK ? 1 : 0;
            int n = Math.min(256, v.length - 256 * block);
            p += 1 + (width == LossyCodec.RAW_BLOCK ? 4 * n : 4 + (int) BitPacking.packedBytes(n, width));
        }
        assertThat(rawBlocks).isEqualTo(3);
    }

    @Test
    void constantBlocksCostFiveBytes() {
        float[] v = new float[256 * 10];
        Arrays.fill(v, 0, 256, 0f);
        Arrays.fill(v, 256, 512, -0f);
        Arrays.fill(v, 512, 768, 12345.678f);
        Arrays.fill(v, 768, 1024, Float.MIN_VALUE);
        Arrays.fill(v, 1024, v.length, -3.5e30f);
        byte[] bytes = codec.encode(v);
        assertThat(bytes).hasSize(8 + 10 * 5);
        float[] got = roundTrip(codec, v, bytes);
        assertThat(maxError(v, got)).isZero();
    }

    @Test
    void gaussianDataAtScaleOneShrinks() {
        float[] v = gaussian(new SplittableRandom(15), 512 * 7168, 1.0);
        byte[] lossy = codec.encode(v);
        byte[] lz4 = new Lz4Codec().encode(v);
        System.out.printf("512 × 7168 gaussian (scale 1): raw %d bytes, LZ4 %d (%.2f:1), lossy %d (%.2f:1)%n",
                4L * v.length, lz4.length, 4.0 * v.length / lz4.length, lossy.length, 4.0 * v.length / lossy.length);
        assertThat(lossy.length).isLessThan(4 * v.length);
        assertThat(maxError(v, roundTrip(codec, v, lossy))).isLessThanOrEqualTo(BOUND);
    }

    @Test
    void refusesBoundsThatFloat32CannotStep() {
        assertThatThrownBy(() -> new LossyCodec(0, 256)).hasMessageContaining("expected a finite number > 0");
        assertThatThrownBy(() -> new LossyCodec(Double.NaN, 256)).hasMessageContaining("expected a finite number > 0");
        assertThatThrownBy(() -> new LossyCodec(1e-40, 256)).hasMessageContaining("outside the normal float32 range");
        assertThatThrownBy(() -> new LossyCodec(1e-3, 0)).hasMessageContaining("expected 1 to 65536");
    }

    /** Makes {@code n} values of one kind of input. */
    interface Shape {
        float[] make(SplittableRandom r, int n);
    }

    /** Input shapes that stress different parts of the codec. */
    static List<Shape> shapes() {
        return List.of(
            // activations: gaussian at a random scale
            (r, n) -> gaussian(r, n, Math.pow(10, r.nextDouble(-1, 2))),
            // gaussian with a few massive activations, as hidden states of large models have
            (r, n) -> {
                float[] v = gaussian(r, n, 0.5);
                for (int i = 0; i < n / 100 + 1; i++) {
                    v[r.nextInt(n)] = (float) (gauss(r) * 2000);
                }
                return v;
            },
            // constant runs of random length, including ±0
            (r, n) -> {
                float[] v = new float[n];
                for (int i = 0; i < n; ) {
                    int run = 1 + r.nextInt(600);
                    float c = switch (r.nextInt(4)) {
                        case 0 -> 0f;
                        case 1 -> -0f;
                        case 2 -> (float) gauss(r);
                        default -> (float) (gauss(r) * 1e6);
                    };
                    Arrays.fill(v, i, Math.min(n, i + run), c);
                    i += run;
                }
                return v;
            },
            // magnitudes from 1e-30 to 1e30, either sign
            (r, n) -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) ((r.nextBoolean() ? 1 : -1) * Math.pow(10, r.nextDouble(-30, 30)));
                }
                return v;
            },
            // subnormals, zeros of both signs, and the smallest normals
            (r, n) -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (r.nextInt(4)) {
                        case 0 -> Float.intBitsToFloat(r.nextInt(1, 0x007fffff)) * (r.nextBoolean() ? 1 : -1);
                        case 1 -> 0f;
                        case 2 -> -0f;
                        default -> Float.MIN_NORMAL * (float) r.nextDouble(-4, 4);
                    };
                }
                return v;
            },
            // narrow ranges far from zero, where float32's spacing nears the bound
            (r, n) -> {
                float base = (float) (Math.pow(2, r.nextInt(0, 14)) * (r.nextBoolean() ? 1 : -1));
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = base + (float) r.nextDouble(0, 0.05);
                }
                return v;
            },
            // wide uniform ranges up to where 24 bits no longer hold a block and float32 spacing nears the bound
            (r, n) -> {
                double half = new double[] {100, 1000, 8000, 16000, 40000}[r.nextInt(5)];
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = (float) r.nextDouble(-half, half);
                }
                return v;
            },
            // any float32 bit pattern: NaNs with payloads, infinities, everything
            (r, n) -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = Float.intBitsToFloat(r.nextInt());
                }
                return v;
            },
            // uniform in a small interval with a sprinkle of NaN and infinities
            (r, n) -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    int pick = r.nextInt(500);
                    v[i] = pick == 0 ? Float.NaN : pick == 1 ? Float.POSITIVE_INFINITY
                            : pick == 2 ? Float.NEGATIVE_INFINITY : (float) r.nextDouble(-2, 2);
                }
                return v;
            });
    }

    static float[] roundTrip(LossyCodec c, float[] v, byte[] bytes) {
        float[] got = new float[v.length];
        c.decode(bytes, 0, bytes.length, got);
        return got;
    }

    /**
     * The largest |got − sent| over finite values; a non-finite value that does not come back with
     * the same bits counts as infinite error.
     */
    static double maxError(float[] sent, float[] got) {
        double worst = 0;
        for (int i = 0; i < sent.length; i++) {
            if (Float.isFinite(sent[i])) {
                worst = Math.max(worst, Math.abs((double) got[i] - sent[i]));
            } else if (Float.floatToRawIntBits(got[i]) != Float.floatToRawIntBits(sent[i])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return worst;
    }
}
