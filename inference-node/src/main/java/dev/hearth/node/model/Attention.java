package dev.hearth.node.model;

/** The attention half of a decoder layer, reading and extending each sequence's KV cache for that layer. */
interface Attention {

    /**
     * Every row of a batched step: {@code xn} ({@code rows × hidden}, normed) → {@code out}
     * ({@code rows × hidden}); row {@code plan.row[i] + t} is token {@code t} of entry {@code i}, at
     * position {@code plan.start[i] + t} of its sequence.
     */
    void forward(LayerWeights layer, int layerIndex, StepPlan plan, float[] xn, float[] out);
}
