package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;

/**
 * Where a model's tensors come from, by Hugging Face name: a checkpoint on disk, or weights built in
 * memory. Implementations check shapes and fail with the tensor's name and the expected shape.
 */
public interface WeightSource {

    /** A 2-D weight of exactly {@code rows × cols}, in its stored format. */
    Matrix matrix(String name, int rows, int cols);

    /** A 1-D tensor of exactly {@code length} values (norm weights, router bias), as floats. */
    float[] vector(String name, int length);

    /** Whether a tensor of that name exists (optional tensors such as a tied {@code lm_head}). */
    boolean has(String name);
}
