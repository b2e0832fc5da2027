package dev.hearth.node.generation;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.ScalarKernels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplerTest {
    private final Kernels kernels = new ScalarKernels();

    @Test
    void zeroTemperaturePicksTheMostLikelyToken() {
        Sampler s = new Sampler(SamplingParams.greedy(), kernels);
        assertThat(s.sample(new float[]{0.1f, 3f, -2f, 2.9f})).isEqualTo(1);
    }

    @Test
    void samplingFollowsTheSoftmaxDistribution() {
        Sampler s = new Sampler(new SamplingParams(1.0, 1.0, 11), kernels);
        float[] logits = {0f, (float) Math.log(3)}; // probabilities 1/4 and 3/4
        int ones = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            ones += s.sample(logits.clone());
        }
        assertThat(ones / (double) n).isCloseTo(0.75, within(0.015));
    }

    @Test
    void topPDrawsOnlyFromTheNucleus() {
        Sampler s = new Sampler(new SamplingParams(1.0, 0.5, 3), kernels);
        float[] logits = {0f, (float) Math.log(6), (float) Math.log(3)}; // 0.1, 0.6, 0.3
        for (int i = 0; i < 2_000; i++) {
            assertThat(s.sample(logits.clone())).isEqualTo(1);
        }
    }

    @Test
    void sameSeedSameDraws() {
        float[] logits = {0.5f, 0.2f, 0.1f, 0.4f, 0.3f};
        Sampler a = new Sampler(new SamplingParams(0.8, 0.9, 99), kernels);
        Sampler b = new Sampler(new SamplingParams(0.8, 0.9, 99), kernels);
        for (int i = 0; i < 100; i++) {
            assertThat(a.sample(logits.clone())).isEqualTo(b.sample(logits.clone()));
        }
    }

    @Test
    void paramsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new SamplingParams(-1, 1, 0)).hasMessageContaining("temperature -1.0");
        assertThatThrownBy(() -> new SamplingParams(1, 0, 0)).hasMessageContaining("top_p 0.0");
    }
}
