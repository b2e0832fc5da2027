package dev.hearth.node.model.reference;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Tensors by their Hugging Face names, each checked against the shape the modelling code gives it.
 * Each tensor is fetched once and kept: the source may dequantize on every call, and the reference
 * reads expert weights once per token. That is fine for the tiny models the reference is meant for.
 */
final class ReferenceWeights {
    private final Function<String, float[]> source;
    private final Map<String, float[]> fetched = new HashMap<>();

    ReferenceWeights(Function<String, float[]> source) {
        this.source = source;
    }

    float[] vector(String name, int length) {
        return get(name, length, "[" + length + "]");
    }

    float[] matrix(String name, int rows, int cols) {
        return get(name, (long) rows * cols, "[" + rows + ", " + cols + "]");
    }

    private float[] get(String name, long expected, String shape) {
        float[] t = fetched.get(name);
        if (t == null) {
            t = source.apply(name);
            if (t == null) {
                throw new IllegalArgumentException("missing tensor " + name);
            }
            fetched.put(name, t);
        }
        if (t.length != expected) {
            throw new IllegalArgumentException("tensor " + name + " has " + t.length + " values, expected " + shape);
        }
        return t;
    }
}
