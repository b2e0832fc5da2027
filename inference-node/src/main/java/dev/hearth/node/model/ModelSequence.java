package dev.hearth.node.model;

/** A sequence's per-layer KV cache rows and its length. */
final class ModelSequence implements Sequence {
    /** {@code cache[layer]} holds {@code capacity} rows of {@code width} floats, one per position. */
    final float[][] cache;
    final int width;
    private final int capacity;
    int length;

    private static final float[] NONE = new float[0];

    ModelSequence(ModelConfig c, int capacity) {
        this(c, capacity, LayerRange.all(c));
    }

    /** A cache for the layers of {@code range} only: a pipeline stage keeps no rows for others' layers. */
    ModelSequence(ModelConfig c, int capacity, LayerRange range) {
        this.capacity = capacity;
        this.width = c.kvFloatsPerTokenPerLayer();
        this.cache = new float[c.numHiddenLayers()][];
        for (int l = 0; l < cache.length; l++) {
            cache[l] = range.contains(l) ? new float[capacity * width] : NONE;
        }
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a sequence of " + length + " tokens to " + newLength);
        }
        length = newLength;
    }

    void ensureRoom(int adding) {
        if (length + adding > capacity) {
            throw new ContextOverflowException(length, adding, capacity);
        }
    }
}
