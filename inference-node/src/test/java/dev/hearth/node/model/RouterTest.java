package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RouterTest {

    /** 8 experts in 4 groups of 2, the best 2 groups compete, top-2, scaling 2.5. */
    private static ModelConfig config(boolean normalise) {
        return new ModelConfig(Architecture.DEEPSEEK_V3, 258, 16, 32, 2, 2, 1e-6, 10_000, null, 64, false, 256, 257,
                8, 1, 8, 1, 2, 4, 2, 2.5, normalise, 0, 8, 4, 4, 4, 0, 0);
    }

    private static float logit(double probability) {
        return (float) Math.log(probability / (1 - probability));
    }

    private final int[] chosen = new int[2];
    private final float[] weights = new float[2];
    private final float[] scratch = new float[2 * 8 + 4];

    @Test
    void biasChoosesExpertsButTheUnbiasedScoresWeighThem() {
        float[] logits = {logit(.9), logit(.8), logit(.7), logit(.6), logit(.5), logit(.4), logit(.3), logit(.2)};
        float[] noBias = new float[8];
        new Router(config(true)).select(logits, noBias, chosen, weights, scratch);
        assertThat(chosen).containsExactly(0, 1);
        assertThat(weights[0]).isCloseTo((float) (2.5 * .9 / 1.7), within(1e-6f));
        assertThat(weights[1]).isCloseTo((float) (2.5 * .8 / 1.7), within(1e-6f));

        float[] bias = {0, 0, .5f, 0, 0, 0, 0, 0}; // lifts expert 2 (and its group) above expert 1
        new Router(config(true)).select(logits, bias, chosen, weights, scratch);
        assertThat(chosen).containsExactly(2, 0);
        assertThat(weights[0]).as("expert 2 weighs by its own 0.7, not 1.2").isCloseTo((float) (2.5 * .7 / 1.6), within(1e-6f));
    }

    @Test
    void onlyTheBestGroupsCompete() {
        // group sums (top two of each pair): g0 .5+.5=1.0, g1 .95+.05=1.0 (tie, lower index wins), g2 .6+.6=1.2, g3 .1+.1
        float[] logits = {logit(.5), logit(.5), logit(.95), logit(.05), logit(.6), logit(.6), logit(.1), logit(.1)};
        new Router(config(false)).select(logits, new float[8], chosen, weights, scratch);
        // groups 2 and 0 survive; expert 2 (0.95, the best single score) sits in losing group 1
        assertThat(chosen).containsExactly(4, 5);
        assertThat(weights[0]).as("no normalisation: 2.5 * score").isCloseTo(2.5f * .6f, within(1e-6f));
    }

    @Test
    void tiesGoToTheLowerIndex() {
        float[] logits = new float[8];
        new Router(config(true)).select(logits, new float[8], chosen, weights, scratch);
        assertThat(chosen).containsExactly(0, 1);
        assertThat(weights[0] + weights[1]).isCloseTo(2.5f, within(1e-6f));
    }
}
