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
        this(capacity, range, c.kvFloatsPerTokenPerLayer(), c.numHiddenLayers());
    }

    private ModelSequence(int capacity, LayerRange range, int width, int layers) {
        this.capacity = capacity;
        this.width = width;
        this.cache = new float[layers][];
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

    /** A copy of this sequence's rows in a cache of {@code newCapacity} positions. */
    ModelSequence grown(int newCapacity, LayerRange range) {
        ModelSequence g = new ModelSequence(newCapacity, range, width, cache.length);
        for (int l = 0; l < cache.length; l++) {
            System.arraycopy(cache[l], 0, g.cache[l], 0, Math.min(cache[l].length, g.cache[l].length));
        }
        g.length = length;
        return g;
    }

    void ensureRoom(int adding) {
        if (length + adding > capacity) {
            throw new ContextOverflowException(length, adding, capacity);
        }
    }
}
