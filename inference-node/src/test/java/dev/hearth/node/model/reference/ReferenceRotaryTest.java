package dev.hearth.node.model.reference;

import dev.hearth.node.model.RopeScaling;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ReferenceRotaryTest {
    private static final double TIGHT = 1e-12;

    /** dim 8, factor 4, beta_fast 32, beta_slow 1, original context 64, theta 10000. */
    private static final RopeScaling YARN = new RopeScaling(4, 64, 32, 1, 1.0, 0.5);

    @Test
    void yarnCorrectionRangeMatchesHandComputation() {
        // correction_dim(r) = dim * ln(64 / (2 pi r)) / (2 ln 10000), 2 ln 10000 = 18.420681
        // beta_fast 32: 8 * ln(1 / pi) / 18.420681 = 8 * (-1.144730) / 18.420681 = -0.497 -> floor -1 -> clamp 0
        // beta_slow 1:  8 * ln(10.185916) / 18.420681 = 8 * 2.320998 / 18.420681 = 1.008  -> ceil 2
        assertThat(ReferenceRotary.yarnFindCorrectionDim(32, 8, 10000, 64)).isCloseTo(-0.4971, within(1e-4));
        assertThat(ReferenceRotary.yarnFindCorrectionDim(1, 8, 10000, 64)).isCloseTo(1.0080, within(1e-4));
        assertThat(ReferenceRotary.yarnFindCorrectionRange(32, 1, 8, 10000, 64)).containsExactly(0, 2);
        // base 2: correction_dim(1) = 8 * 2.320998 / (2 ln 2) = 13.4 -> ceil 14, clamped to dim - 1 = 7
        assertThat(ReferenceRotary.yarnFindCorrectionRange(32, 1, 8, 2, 64)[1]).isEqualTo(7);
    }

    @Test
    void yarnRampIsLinearBetweenTheBoundsAndClamped() {
        assertThat(ReferenceRotary.yarnLinearRampMask(0, 2, 4)).containsExactly(0, 0.5, 1, 1);
        assertThat(ReferenceRotary.yarnLinearRampMask(1, 3, 5)).containsExactly(0, 0, 0.5, 1, 1);
        // equal bounds: max is nudged by 0.001, giving a step at min
        double[] step = ReferenceRotary.yarnLinearRampMask(2, 2, 4);
        assertThat(step[1]).isZero();
        assertThat(step[2]).isZero();
        assertThat(step[3]).isEqualTo(1);
    }

    @Test
    void yarnInverseFrequenciesMatchHandComputation() {
        // range (0, 2) over dim/2 = 4 lanes: ramp (0, 0.5, 1, 1), inv_freq_mask = 1 - ramp = (1, 0.5, 0, 0)
        // freq_extra[i] = 10000^(-2i/8) = (1, 0.1, 0.01, 0.001); freq_inter = freq_extra / 4
        // inv_freq = inter * (1 - mask) + extra * mask:
        //   lane 0: extra                        = 1
        //   lane 1: 0.5 * 0.025 + 0.5 * 0.1      = 0.0625
        //   lane 2: inter                        = 0.0025
        //   lane 3: inter                        = 0.00025
        double[] inv = ReferenceRotary.of(8, 10000, YARN).inverseFrequencies();
        assertThat(inv[0]).isCloseTo(1, within(TIGHT));
        assertThat(inv[1]).isCloseTo(0.0625, within(TIGHT));
        assertThat(inv[2]).isCloseTo(0.0025, within(TIGHT));
        assertThat(inv[3]).isCloseTo(0.00025, within(TIGHT));
    }

    @Test
    void plainRopeFrequenciesArePowersOfTheta() {
        double[] inv = ReferenceRotary.of(8, 10000, null).inverseFrequencies();
        assertThat(inv[0]).isCloseTo(1, within(TIGHT));
        assertThat(inv[1]).isCloseTo(0.1, within(TIGHT));
        assertThat(inv[2]).isCloseTo(0.01, within(TIGHT));
        assertThat(inv[3]).isCloseTo(0.001, within(TIGHT));
        assertThat(ReferenceRotary.of(8, 10000, null).cosSinScale()).isEqualTo(1);
    }

    @Test
    void cosAndSinCarryTheMscaleRatio() {
        // yarn_get_mscale(4, 1) = 0.1 ln 4 + 1 = 1.1386294; yarn_get_mscale(4, 0.5) = 0.05 ln 4 + 1 = 1.0693147
        assertThat(ReferenceRotary.yarnGetMscale(4, 1)).isCloseTo(1.1386294361, within(1e-10));
        assertThat(ReferenceRotary.yarnGetMscale(4, 0.5)).isCloseTo(1.0693147181, within(1e-10));
        assertThat(ReferenceRotary.yarnGetMscale(1, 7)).isEqualTo(1); // not extending: no correction
        assertThat(ReferenceRotary.yarnGetMscale(4, 0)).isEqualTo(1); // mscale_all_dim absent
        ReferenceRotary r = ReferenceRotary.of(8, 10000, YARN);
        double ratio = (0.1 * Math.log(4) + 1) / (0.05 * Math.log(4) + 1);
        assertThat(r.cosSinScale()).isCloseTo(ratio, within(TIGHT));
        // position 0: cos = ratio on every lane, sin = 0
        assertThat(r.cos(0)[5]).isCloseTo(ratio, within(TIGHT));
        assertThat(r.sin(0)[5]).isZero();
        // emb = cat(freqs, freqs): lanes j and j + 4 share frequency j
        assertThat(r.cos(3)[1]).isEqualTo(r.cos(3)[5]);
        assertThat(r.sin(3)[0]).isCloseTo(Math.sin(3 * 1.0) * ratio, within(TIGHT));
    }

    @Test
    void rotateHalfRotatesLaneJWithLaneJPlusHalf() {
        // plain rope, dim 4: frequencies (1, 0.01); at position 1 lanes (0, 2) turn by 1 rad, (1, 3) by 0.01
        ReferenceRotary r = ReferenceRotary.plain(4, 10000);
        double[] y = r.applyHalves(new double[]{1, 0, 0, 1}, 1);
        // (x0, x2) = (1, 0) -> (cos 1, sin 1); (x1, x3) = (0, 1) -> (-sin 0.01, cos 0.01)
        assertThat(y[0]).isCloseTo(Math.cos(1), within(TIGHT));
        assertThat(y[2]).isCloseTo(Math.sin(1), within(TIGHT));
        assertThat(y[1]).isCloseTo(-Math.sin(0.01), within(TIGHT));
        assertThat(y[3]).isCloseTo(Math.cos(0.01), within(TIGHT));
    }

    @Test
    void deepSeekPermutationMovesEvenLanesToTheFirstHalf() {
        assertThat(ReferenceRotary.interleavedToHalves(new double[]{0, 1, 2, 3, 4, 5, 6, 7}))
                .containsExactly(0, 2, 4, 6, 1, 3, 5, 7);
    }

    @Test
    void deepSeekRotationEqualsRotatingAdjacentPairs() {
        ReferenceRotary r = ReferenceRotary.of(8, 10000, YARN);
        Random rng = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int pos = rng.nextInt(200);
            double[] q = randomVector(rng, 8);
            double[] k = randomVector(rng, 8);
            double[] viaHf = r.applyDeepSeek(q, pos);
            double[] pairwise = rotateAdjacentPairs(q, pos, r.inverseFrequencies(), r.cosSinScale());
            // same values, HF's in the halves layout
            double[] pairwiseInHalves = ReferenceRotary.interleavedToHalves(pairwise);
            for (int i = 0; i < 8; i++) {
                assertThat(viaHf[i]).isCloseTo(pairwiseInHalves[i], within(TIGHT));
            }
            // and attention only sees dot products, which the layout does not change
            int keyPos = rng.nextInt(pos + 1);
            double hfDot = ReferenceMath.dot(viaHf, 0, r.applyDeepSeek(k, keyPos), 0, 8);
            double pairDot = ReferenceMath.dot(pairwise, 0,
                    rotateAdjacentPairs(k, keyPos, r.inverseFrequencies(), r.cosSinScale()), 0, 8);
            assertThat(hfDot).isCloseTo(pairDot, within(TIGHT));
        }
    }

    /**
     * DeepSeek's own inference code: lanes (2i, 2i+1) are a complex number multiplied by
     * e^(i * pos * inv_freq[i]); written out independently of ReferenceRotary.
     */
    private static double[] rotateAdjacentPairs(double[] x, int pos, double[] invFreq, double scale) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length / 2; i++) {
            double angle = pos * invFreq[i];
            double re = x[2 * i];
            double im = x[2 * i + 1];
            y[2 * i] = (re * Math.cos(angle) - im * Math.sin(angle)) * scale;
            y[2 * i + 1] = (re * Math.sin(angle) + im * Math.cos(angle)) * scale;
        }
        return y;
    }

    private static double[] randomVector(Random rng, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }
}
