package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RotaryTest {

    @Test
    void plainRopeUsesThetaPowers() {
        double[] f = Rotary.inverseFrequencies(8, 10_000, null);
        assertThat(f).containsExactly(new double[] {1, 0.1, 0.01, 0.001}, within(1e-12));
    }

    @Test
    void yarnInterpolatesSlowDimensionsAndKeepsFastOnes() {
        // dim 8, theta 10000, factor 4, original context 128, beta_fast 32, beta_slow 1:
        // correction dims: 8 ln(128 / (32 * 2pi)) / (2 ln 1e4) = -0.196 -> floor -1 -> clamped 0;
        //                  8 ln(128 / (1 * 2pi)) / (2 ln 1e4)  =  1.309 -> ceil 2.
        // ramp over pair index i: (i - 0) / 2 clamped -> 0, 0.5, 1, 1 (1 = fully interpolated)
        double[] f = Rotary.inverseFrequencies(8, 10_000, new RopeScaling(4, 128, 32, 1, 1, 1));
        assertThat(f[0]).isCloseTo(1.0, within(1e-12));
        assertThat(f[1]).isCloseTo(0.5 * 0.1 / 4 + 0.5 * 0.1, within(1e-12));
        assertThat(f[2]).isCloseTo(0.01 / 4, within(1e-12));
        assertThat(f[3]).isCloseTo(0.001 / 4, within(1e-12));
    }

    @Test
    void mscaleCorrectsCosSinAndTheSoftmaxScale() {
        assertThat(Rotary.mscale(40, 1)).isCloseTo(0.1 * Math.log(40) + 1, within(1e-12));
        assertThat(Rotary.mscale(1, 1)).isEqualTo(1);
        ModelConfig tiny = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"); // factor 4, mscale 1, all_dim 1
        double m = 0.1 * Math.log(4) + 1;
        assertThat(Rotary.attentionScale(tiny)).isCloseTo((float) (m * m / Math.sqrt(24)), within(1e-7f));
        Rotary r = new Rotary(tiny, 16);
        // mscale / mscale_all_dim = 1: unit-length rotations
        int at = r.offset(5);
        assertThat(r.cos()[at + 1] * r.cos()[at + 1] + r.sin()[at + 1] * r.sin()[at + 1]).isCloseTo(1f, within(1e-6f));
        assertThat(r.cos()[at]).isCloseTo((float) Math.cos(5.0), within(1e-6f));
    }
}
