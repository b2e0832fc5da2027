package dev.hearth.node.model;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How many tokens each routed expert of each MoE layer has received since start: the expert-load
 * heatmap operators watch for hot experts (and a later placement uses to spread them).
 */
public final class RoutingCounts {
    private final int experts;
    private final int firstMoeLayer;
    private final AtomicLongArray counts;

    RoutingCounts(ModelConfig c) {
        this.experts = c.nRoutedExperts();
        this.firstMoeLayer = c.isDeepSeek() ? c.firstKDenseReplace() : c.numHiddenLayers();
        int moeLayers = Math.max(0, c.numHiddenLayers() - firstMoeLayer);
        this.counts = new AtomicLongArray(Math.max(0, moeLayers * experts));
    }

    void add(int layer, int expert, int tokens) {
        counts.addAndGet((layer - firstMoeLayer) * experts + expert, tokens);
    }

    /** Tokens routed to {@code expert} of MoE layer {@code layer} (a model layer index). */
    public long get(int layer, int expert) {
        return counts.get((layer - firstMoeLayer) * experts + expert);
    }

    /** Model layer indices that are MoE layers: {@code [firstMoeLayer(), layers)}. */
    public int firstMoeLayer() {
        return firstMoeLayer;
    }

    public int experts() {
        return experts;
    }
}
