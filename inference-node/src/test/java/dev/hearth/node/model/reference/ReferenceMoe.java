package dev.hearth.node.model.reference;

import dev.hearth.node.model.ModelConfig;

import java.util.Arrays;

/**
 * {@code DeepseekV3MoE} with {@code MoEGate} for {@code scoring_func "sigmoid"} and
 * {@code topk_method "noaux_tc"}, and the dense {@code DeepseekV3MLP}.
 */
final class ReferenceMoe {
    /** Added to the sum of the chosen weights before dividing, as HF's MoEGate does. */
    static final double NORM_EPS = 1e-20;

    private ReferenceMoe() {
    }

    /**
     * {@code MoEGate.forward} for one token:
     * <ol>
     *   <li>{@code scores = sigmoid(gate.weight x)};</li>
     *   <li>{@code scores_for_choice = scores + e_score_correction_bias} (the bias steers selection only);</li>
     *   <li>each of {@code n_group} equal groups scores the sum of its top-2 {@code scores_for_choice};
     *       the {@code topk_group} best groups are kept;</li>
     *   <li>experts of the other groups get {@code -inf}. HF's modelling code fills {@code 0.0} there
     *       instead; DeepSeek's official inference code ({@code Gate.forward}) fills {@code -inf}. They
     *       differ only when a kept expert's {@code scores_for_choice} is negative (the bias can make it
     *       so): with {@code 0.0} an expert of a dropped group would then outrank it, which defeats the
     *       group limit. The reference follows the official code;</li>
     *   <li>{@code num_experts_per_tok} experts by {@code scores_for_choice};</li>
     *   <li>weights are their original sigmoid scores, divided by their sum (+1e-20) when
     *       {@code norm_topk_prob} and more than one expert is chosen (HF's condition), then multiplied
     *       by {@code routed_scaling_factor}.</li>
     * </ol>
     * Ties in either top-k go to the lower index (torch.topk leaves the order of equal values
     * unspecified; a fixed rule makes the oracle deterministic).
     */
    static RoutedExperts route(ModelConfig c, ReferenceWeights w, int layer, double[] x) {
        String p = "model.layers." + layer + ".mlp.gate.";
        int n = c.nRoutedExperts();
        int hidden = c.hiddenSize();
        int topK = c.numExpertsPerTok();
        // n_group 0 or 1 means no grouping: one group, kept
        int nGroup = Math.max(1, c.nGroup());
        int topkGroup = c.nGroup() <= 1 ? 1 : c.topkGroup();
        if (n % nGroup != 0 || n / nGroup < 2 || topkGroup < 1 || topkGroup > nGroup) {
            throw new IllegalArgumentException("cannot group " + n + " experts into " + nGroup + " groups keeping "
                    + topkGroup);
        }
        int perGroup = n / nGroup;
        if (topK < 1 || topK > topkGroup * perGroup) {
            throw new IllegalArgumentException("num_experts_per_tok " + topK + " exceeds the " + topkGroup * perGroup
                    + " experts of the kept groups");
        }

        double[] logits = ReferenceMath.matVec(w.matrix(p + "weight", n, hidden), n, hidden, x);
        float[] bias = w.vector(p + "e_score_correction_bias", n);
        double[] scores = new double[n];
        double[] forChoice = new double[n];
        for (int e = 0; e < n; e++) {
            scores[e] = ReferenceMath.sigmoid(logits[e]);
            forChoice[e] = scores[e] + bias[e];
        }

        double[] groupScores = new double[nGroup];
        for (int g = 0; g < nGroup; g++) {
            double[] members = Arrays.copyOfRange(forChoice, g * perGroup, (g + 1) * perGroup);
            int[] best2 = topK(members, 2);
            groupScores[g] = members[best2[0]] + members[best2[1]];
        }
        boolean[] keptGroup = new boolean[nGroup];
        for (int g : topK(groupScores, topkGroup)) {
            keptGroup[g] = true;
        }
        double[] masked = new double[n];
        for (int e = 0; e < n; e++) {
            masked[e] = keptGroup[e / perGroup] ? forChoice[e] : Double.NEGATIVE_INFINITY;
        }

        int[] chosen = topK(masked, topK);
        Arrays.sort(chosen);
        double[] weights = new double[topK];
        double sum = 0;
        for (int i = 0; i < topK; i++) {
            weights[i] = scores[chosen[i]];
            sum += weights[i];
        }
        for (int i = 0; i < topK; i++) {
            if (topK > 1 && c.normTopkProb()) {
                weights[i] /= sum + NORM_EPS;
            }
            weights[i] *= c.routedScalingFactor();
        }
        return new RoutedExperts(chosen, weights);
    }

    /**
     * Indices of the {@code k} largest values, largest first; of equal values the lower index comes
     * first. Strict comparison in a left-to-right scan gives exactly that.
     */
    static int[] topK(double[] values, int k) {
        boolean[] taken = new boolean[values.length];
        int[] picked = new int[k];
        for (int i = 0; i < k; i++) {
            int best = -1;
            for (int j = 0; j < values.length; j++) {
                if (!taken[j] && (best < 0 || values[j] > values[best])) {
                    best = j;
                }
            }
            taken[best] = true;
            picked[i] = best;
        }
        return picked;
    }

    /**
     * {@code DeepseekV3MoE.forward}: {@code sum_e weight_e * expert_e(x) + shared_experts(x)}, the shared
     * experts being one MLP of width {@code moe_intermediate_size * n_shared_experts} (absent when
     * {@code n_shared_experts} is 0, HF's None).
     */
    static double[] forward(ModelConfig c, ReferenceWeights w, int layer, double[] x) {
        String p = "model.layers." + layer + ".mlp.";
        int hidden = c.hiddenSize();
        int inter = c.moeIntermediateSize();
        RoutedExperts routed = route(c, w, layer, x);
        double[] y = new double[hidden];
        for (int i = 0; i < routed.experts().length; i++) {
            String e = p + "experts." + routed.experts()[i] + ".";
            double[] out = mlp(w, e, inter, hidden, x);
            for (int d = 0; d < hidden; d++) {
                y[d] += routed.weights()[i] * out[d];
            }
        }
        if (c.nSharedExperts() > 0) {
            y = ReferenceMath.add(y, mlp(w, p + "shared_experts.", inter * c.nSharedExperts(), hidden, x));
        }
        return y;
    }

    /** {@code DeepseekV3MLP} / {@code LlamaMLP} under tensor prefix {@code prefix} ({@code ...mlp.} or an expert). */
    static double[] mlp(ReferenceWeights w, String prefix, int intermediate, int hidden, double[] x) {
        return ReferenceMath.gatedMlp(
                w.matrix(prefix + "gate_proj.weight", intermediate, hidden),
                w.matrix(prefix + "up_proj.weight", intermediate, hidden),
                w.matrix(prefix + "down_proj.weight", hidden, intermediate),
                intermediate, hidden, x);
    }
}
