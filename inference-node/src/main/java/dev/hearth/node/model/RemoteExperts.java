package dev.hearth.node.model;

import java.util.List;

/**
 * Runs routed experts this node does not hold, on the peers that do. The caller adds their outputs
 * in the same order as its own, so a split layer sums exactly what a whole one sums.
 */
@FunctionalInterface
public interface RemoteExperts {
    /** For a node that holds every expert it routes to. */
    RemoteExperts NONE = (layer, experts, inputs, rows) -> {
        throw new IllegalStateException("MoE layer " + layer + " routes to experts this node does not hold, and no"
                + " peers are configured for them");
    };

    /**
     * @param experts the experts to run, ascending
     * @param inputs  per expert, its token rows ({@code rows[i] × hidden})
     * @return per expert, its output rows, in the order asked
     */
    List<float[]> run(int layer, int[] experts, List<float[]> inputs, int[] rows);
}
