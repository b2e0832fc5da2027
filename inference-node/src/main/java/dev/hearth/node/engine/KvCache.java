package dev.hearth.node.engine;

/** Keys and values of every past position of one sequence, per layer. */
public final class KvCache {
    final float[][] keys;
    final float[][] values;

    public KvCache(ModelConfig c) {
        this.keys = new float[c.layers()][c.maxSeqLen() * c.dim()];
        this.values = new float[c.layers()][c.maxSeqLen() * c.dim()];
    }
}
