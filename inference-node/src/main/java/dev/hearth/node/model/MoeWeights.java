package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A mixture-of-experts layer: the router ({@code mlp.gate.weight}, one row per routed expert), its
 * selection bias ({@code e_score_correction_bias}), the routed experts and the always-on shared
 * experts (null when {@code n_shared_experts} is 0). Under expert parallelism a node holds only some
 * routed experts: the others are null here and run on the peers that hold them.
 */
public record MoeWeights(Matrix router, float[] correctionBias, List<Mlp> experts, Mlp shared) {

    public MoeWeights {
        experts = Collections.unmodifiableList(new ArrayList<>(experts));
    }

    /** Whether routed expert {@code e} is held on this node. */
    public boolean holds(int e) {
        return experts.get(e) != null;
    }

    static MoeWeights load(WeightSource w, String p, ModelConfig c, int layer, ExpertSelection held) {
        int hidden = c.hiddenSize();
        Mlp[] experts = new Mlp[c.nRoutedExperts()];
        for (int e = 0; e < experts.length; e++) {
            if (held.holds(layer, e)) {
                experts[e] = Mlp.load(w, p + "experts." + e + ".", hidden, c.moeIntermediateSize());
            }
        }
        Mlp shared = c.nSharedExperts() == 0 ? null
                : Mlp.load(w, p + "shared_experts.", hidden, c.moeIntermediateSize() * c.nSharedExperts());
        return new MoeWeights(w.matrix(p + "gate.weight", c.nRoutedExperts(), hidden),
                w.vector(p + "gate.e_score_correction_bias", c.nRoutedExperts()), Arrays.asList(experts), shared);
    }
}
