package dev.hearth.node.model;

/** The attention half of a decoder layer, reading and extending one layer's KV cache. */
interface Attention {

    /** One token at position {@code pos}: {@code w.xb} (normed input) → {@code w.out}. */
    void decode(LayerWeights layer, float[] cache, int width, int pos, Workspace w);

    /**
     * {@code n} tokens at positions {@code start .. start + n - 1}: {@code xn} ({@code n × hidden},
     * normed) → {@code out} ({@code n × hidden}).
     */
    void prefill(LayerWeights layer, float[] cache, int width, int start, int n, float[] xn, float[] out);
}
