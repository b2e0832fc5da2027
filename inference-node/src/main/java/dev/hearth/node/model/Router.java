package dev.hearth.node.model;

/**
 * DeepSeek-V3's expert selection ({@code topk_method "noaux_tc"}): sigmoid scores; the
 * {@code e_score_correction_bias} is added for choosing only; experts are split into {@code n_group}
 * groups scored by the sum of their two best biased scores; only the {@code topk_group} best groups
 * compete (the rest are masked with -infinity, as DeepSeek's own inference code does); the
 * {@code num_experts_per_tok} best biased scores win; their unbiased scores, normalised when
 * {@code norm_topk_prob} and times {@code routed_scaling_factor}, weight the experts' outputs. Ties
 * go to the lower index.
 */
public final class Router {
    private final int experts;
    private final int groups;
    private final int groupSize;
    private final int topkGroup;
    private final int topk;
    private final boolean normalise;
    private final float scaling;

    public Router(ModelConfig c) {
        this.experts = c.nRoutedExperts();
        this.groups = c.nGroup();
        this.groupSize = experts / groups;
        this.topkGroup = c.topkGroup();
        this.topk = c.numExpertsPerTok();
        this.normalise = c.normTopkProb() && c.numExpertsPerTok() > 1; // as published: one expert is never normalised
        this.scaling = (float) c.routedScalingFactor();
    }

    public int topk() {
        return topk;
    }

    /**
     * Selects experts for one token from the router's logits; writes the chosen expert indices to
     * {@code chosen[0, topk)} and their weights to {@code weights[0, topk)}. {@code scratch} needs
     * {@code 2 * n_routed_experts + n_group} floats.
     */
    public void select(float[] logits, float[] bias, int[] chosen, float[] weights, float[] scratch) {
        int scoreAt = 0;
        int choiceAt = experts;
        int groupAt = 2 * experts;
        for (int e = 0; e < experts; e++) {
            float s = (float) (1.0 / (1.0 + Math.exp(-logits[e])));
            scratch[scoreAt + e] = s;
            scratch[choiceAt + e] = s + bias[e];
        }
        for (int g = 0; g < groups; g++) {
            float best = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            for (int e = g * groupSize; e < (g + 1) * groupSize; e++) {
                float v = scratch[choiceAt + e];
                if (v > best) {
                    second = best;
                    best = v;
                } else if (v > second) {
                    second = v;
                }
            }
            scratch[groupAt + g] = best + second;
        }
        for (int kept = 0; kept < groups - topkGroup; kept++) {
            // drop the worst remaining group (highest index among equals, so lower indices win ties)
            int worst = -1;
            for (int g = 0; g < groups; g++) {
                float v = scratch[groupAt + g];
                if (v != Float.POSITIVE_INFINITY && (worst < 0 || v <= scratch[groupAt + worst])) {
                    worst = g;
                }
            }
            scratch[groupAt + worst] = Float.POSITIVE_INFINITY; // marks "dropped"
            for (int e = worst * groupSize; e < (worst + 1) * groupSize; e++) {
                scratch[choiceAt + e] = Float.NEGATIVE_INFINITY;
            }
        }
        float sum = 0;
        for (int k = 0; k < topk; k++) {
            int best = -1;
            for (int e = 0; e < experts; e++) {
                float v = scratch[choiceAt + e];
                if (v != Float.NEGATIVE_INFINITY && (best < 0 || v > scratch[choiceAt + best])) {
                    best = e;
                }
            }
            chosen[k] = best;
            weights[k] = scratch[scoreAt + best];
            sum += weights[k];
            scratch[choiceAt + best] = Float.NEGATIVE_INFINITY;
        }
        float factor = normalise ? scaling / (sum + 1e-20f) : scaling;
        for (int k = 0; k < topk; k++) {
            weights[k] *= factor;
        }
    }
}
