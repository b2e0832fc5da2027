package dev.hearth.node.model.reference;

import dev.hearth.node.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Routing on 8 experts in 4 groups of 2 ({0,1}, {2,3}, {4,5}, {6,7}), 2 groups kept, 2 experts
 * chosen, routed_scaling_factor 2.5. The gate weight is the identity, so the hidden state is the gate
 * logits, and each test picks the sigmoid scores it wants by passing their logits.
 */
class ReferenceMoeTest {
    private static final double TIGHT = 1e-12;
    private static final String G = "model.layers.1.mlp.gate.";

    @Test
    void withoutBiasTheBestExpertsOfTheBestGroupsAreChosen() {
        // groups score (sum of both members): g0 1.0, g1 1.1, g2 0.8, g3 0.6 -> keep g1, g0
        RoutedExperts r = route(new TinyModels.Config(), new double[]{0.9, 0.1, 0.8, 0.3, 0.6, 0.2, 0.5, 0.1},
                new float[8]);
        assertThat(r.experts()).containsExactly(0, 2);
        assertThat(r.weights()[0]).isCloseTo(0.9 / 1.7 * 2.5, within(TIGHT));
        assertThat(r.weights()[1]).isCloseTo(0.8 / 1.7 * 2.5, within(TIGHT));
    }

    @Test
    void theBiasChangesWhichExpertsAreChosenButNotTheirWeights() {
        // same scores; +0.5 on expert 4 lifts it to 1.1 for choice and group 2 to 1.3:
        // keep g2, g1 -> choose 4 (1.1) and 2 (0.8); weights from the unbiased 0.6 and 0.8
        float[] bias = new float[8];
        bias[4] = 0.5f;
        RoutedExperts r = route(new TinyModels.Config(), new double[]{0.9, 0.1, 0.8, 0.3, 0.6, 0.2, 0.5, 0.1}, bias);
        assertThat(r.experts()).containsExactly(2, 4);
        assertThat(r.weights()[0]).isCloseTo(0.8 / 1.4 * 2.5, within(TIGHT));
        assertThat(r.weights()[1]).isCloseTo(0.6 / 1.4 * 2.5, within(TIGHT));
    }

    @Test
    void groupLimitingExcludesATopExpertInALosingGroup() {
        // expert 0 has the highest score (0.95) but its group sums to 1.0, below g1 (1.35) and g2 (1.2)
        RoutedExperts r = route(new TinyModels.Config(), new double[]{0.95, 0.05, 0.7, 0.65, 0.6, 0.6, 0.5, 0.1},
                new float[8]);
        assertThat(r.experts()).containsExactly(2, 3);
        assertThat(r.weights()[0]).isCloseTo(0.7 / 1.35 * 2.5, within(TIGHT));
        assertThat(r.weights()[1]).isCloseTo(0.65 / 1.35 * 2.5, within(TIGHT));
    }

    @Test
    void aGroupIsScoredByItsTopTwoNotItsBestMember() {
        // 16 experts in 4 groups of 4, keep 1, choose 2.
        // g0 = {0.99, 0.1, 0.1, 0.1}: top-2 sum 1.09; g1 = {0.6, 0.6, 0.6, 0.1}: 1.2 -> g1 wins although
        // g0 holds the best expert (a max-based group score would pick g0)
        TinyModels.Config tc = new TinyModels.Config();
        tc.hiddenSize = 16;
        tc.nRoutedExperts = 16;
        tc.topkGroup = 1;
        double[] s = {0.99, 0.1, 0.1, 0.1, 0.6, 0.6, 0.6, 0.1, 0.2, 0.2, 0.2, 0.2, 0.3, 0.3, 0.3, 0.3};
        RoutedExperts r = route(tc, s, new float[16]);
        assertThat(r.experts()).containsExactly(4, 5); // ties among 4, 5, 6 go to the lower indices
    }

    @Test
    void maskedExpertsNeverWinEvenWhenTheKeptOnesScoreBelowZero() {
        // bias -1 everywhere makes every scores_for_choice negative. Kept groups g0 (-0.3) and g1 (-0.7);
        // HF's 0.0 fill would now rank the dropped experts 4..7 (0.0) above all kept ones. -inf does not.
        float[] bias = {-1, -1, -1, -1, -1, -1, -1, -1};
        RoutedExperts r = route(new TinyModels.Config(), new double[]{0.9, 0.8, 0.7, 0.6, 0.1, 0.1, 0.1, 0.1}, bias);
        assertThat(r.experts()).containsExactly(0, 1);
        assertThat(r.weights()[0]).isCloseTo(0.9 / 1.7 * 2.5, within(TIGHT));
    }

    @Test
    void withoutNormalisationWeightsAreScaledRawScores() {
        TinyModels.Config tc = new TinyModels.Config();
        tc.normTopkProb = false;
        RoutedExperts r = route(tc, new double[]{0.9, 0.1, 0.8, 0.3, 0.6, 0.2, 0.5, 0.1}, new float[8]);
        assertThat(r.experts()).containsExactly(0, 2);
        assertThat(r.weights()[0]).isCloseTo(0.9 * 2.5, within(TIGHT));
        assertThat(r.weights()[1]).isCloseTo(0.8 * 2.5, within(TIGHT));
    }

    @Test
    void aSingleChosenExpertIsNotNormalised() {
        // HF normalises only when top_k > 1
        TinyModels.Config tc = new TinyModels.Config();
        tc.numExpertsPerTok = 1;
        tc.routedScalingFactor = 1;
        RoutedExperts r = route(tc, new double[]{0.9, 0.1, 0.8, 0.3, 0.6, 0.2, 0.5, 0.1}, new float[8]);
        assertThat(r.experts()).containsExactly(0);
        assertThat(r.weights()[0]).isCloseTo(0.9, within(TIGHT));
    }

    @Test
    void tiesGoToTheLowerIndex() {
        RoutedExperts r = route(new TinyModels.Config(), new double[]{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
                new float[8]);
        assertThat(r.experts()).containsExactly(0, 1);
        assertThat(r.weights()).containsExactly(1.25, 1.25);
        assertThat(ReferenceMoe.topK(new double[]{1, 3, 3, 2, 3}, 3)).containsExactly(1, 2, 4);
    }

    @Test
    void withoutGroupsEveryExpertCompetes() {
        TinyModels.Config tc = new TinyModels.Config();
        tc.nGroup = 1;
        tc.topkGroup = 1;
        RoutedExperts r = route(tc, new double[]{0.95, 0.05, 0.7, 0.65, 0.6, 0.6, 0.5, 0.1}, new float[8]);
        assertThat(r.experts()).containsExactly(0, 2);
    }

    @Test
    void routingNeedsAMoeLayer() {
        ModelConfig c = new TinyModels.Config().build();
        ReferenceModel m = new ReferenceModel(c, TinyModels.source(TinyModels.randomWeights(c, 1)));
        assertThatThrownBy(() -> m.route(0, new double[8])).hasMessageContaining("layer 0");
    }

    /** output = sum_e weight_e * down_e(silu(gate_e x) * up_e x) + shared(x), written out by hand. */
    @Test
    void theMoeOutputIsTheWeightedSumOfChosenExpertsPlusTheSharedOne() {
        TinyModels.Config tc = new TinyModels.Config();
        tc.moeIntermediateSize = 1;
        ModelConfig c = tc.build();
        Map<String, float[]> t = gate(new float[8]);
        // expert e: gate row all 0.25 (so gate x = 0.25 sum x), up row picks x[e], down column (e+1) on lane e
        for (int e = 0; e < 8; e++) {
            String p = "model.layers.1.mlp.experts." + e + ".";
            t.put(p + "gate_proj.weight", fill(8, 0.25f));
            float[] up = new float[8];
            up[e] = 1;
            t.put(p + "up_proj.weight", up);
            float[] down = new float[8];
            down[e] = e + 1;
            t.put(p + "down_proj.weight", down);
        }
        // shared expert: gate all 0.5, up all 1, down all -1 on every lane
        t.put("model.layers.1.mlp.shared_experts.gate_proj.weight", fill(8, 0.5f));
        t.put("model.layers.1.mlp.shared_experts.up_proj.weight", fill(8, 1f));
        t.put("model.layers.1.mlp.shared_experts.down_proj.weight", fill(8, -1f));
        double[] x = logits(0.9, 0.1, 0.8, 0.3, 0.6, 0.2, 0.5, 0.1); // routes to 0 and 2, as above

        double[] y = ReferenceMoe.forward(c, new ReferenceWeights(TinyModels.source(t)), 1, x);

        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double g = ReferenceMath.silu(0.25 * sum);
        double shared = -ReferenceMath.silu(0.5 * sum) * sum;
        double w0 = 0.9 / 1.7 * 2.5;
        double w2 = 0.8 / 1.7 * 2.5;
        for (int d = 0; d < 8; d++) {
            double expected = shared;
            if (d == 0) {
                expected += w0 * 1 * g * x[0];
            } else if (d == 2) {
                expected += w2 * 3 * g * x[2];
            }
            assertThat(y[d]).isCloseTo(expected, within(1e-12));
        }
    }

    private static RoutedExperts route(TinyModels.Config tc, double[] sigmoidScores, float[] bias) {
        ModelConfig c = tc.build();
        Map<String, float[]> t = TinyModels.randomWeights(c, 1);
        t.putAll(gateFor(c.nRoutedExperts(), bias));
        return new ReferenceModel(c, TinyModels.source(t)).route(1, logits(sigmoidScores));
    }

    private static Map<String, float[]> gate(float[] bias) {
        return gateFor(8, bias);
    }

    /** Gate weight = identity, so the gate logits are the hidden state itself. */
    private static Map<String, float[]> gateFor(int n, float[] bias) {
        Map<String, float[]> t = new HashMap<>();
        float[] w = new float[n * n];
        for (int i = 0; i < n; i++) {
            w[i * n + i] = 1;
        }
        t.put(G + "weight", w);
        t.put(G + "e_score_correction_bias", bias);
        return t;
    }

    /** The logits whose sigmoids are the given scores. */
    private static double[] logits(double... scores) {
        double[] l = new double[scores.length];
        for (int i = 0; i < scores.length; i++) {
            l[i] = Math.log(scores[i] / (1 - scores[i]));
        }
        return l;
    }

    private static float[] fill(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
