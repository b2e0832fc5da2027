package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;
import java.util.List;

/**
 * A mixture-of-experts layer: the router ({@code mlp.gate.weight}, one row per routed expert), its
 * selection bias ({@code e_score_correction_bias}), the routed experts and the always-on shared
 * experts (null when {@code n_shared_experts} is 0).
 */
public record MoeWeights(Matrix router, float[] correctionBias, List<Mlp> experts, Mlp shared) {

    public MoeWeights {
        experts = List.copyOf(experts);
    }

    static MoeWeights load(WeightSource w, String p, ModelConfig c) {
        int hidden = c.hiddenSize();
        Mlp[] experts = new Mlp[c.nRoutedExperts()];
        for (int e = 0; e < experts.length; e++) {
            experts[e] = Mlp.load(w, p + "experts." + e + ".", hidden, c.moeIntermediateSize());
        }
        Mlp shared = c.nSharedExperts() == 0 ? null
                : Mlp.load(w, p + "shared_experts.", hidden, c.moeIntermediateSize() * c.nSharedExperts());
        return new MoeWeights(w.matrix(p + "gate.weight", c.nRoutedExperts(), hidden),
                w.vector(p + "gate.e_score_correction_bias", c.nRoutedExperts()), List.of(experts), shared);
    }
}
