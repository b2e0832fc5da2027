package dev.hearth.node.model;

/**
 * One tensor of an architecture: its Hugging Face name, shape ({@code cols == 0} for a vector), what
 * it is (which decides its generated values and its stored dtype) and the uniform range a generated
 * checkpoint draws it from.
 */
public record TensorSpec(String name, int rows, int cols, Kind kind, double spread) {

    public enum Kind {
        /** A projection of a layer: quantized in FP8 / INT8 checkpoints. */
        LINEAR,
        /** Token embedding, LM head, MoE router: kept in 16 bits even in FP8 checkpoints, as DeepSeek-V3 does. */
        WIDE,
        /** RMSNorm weight: values around 1. */
        NORM,
        /** {@code e_score_correction_bias}: always float32. */
        BIAS
    }

    public boolean isMatrix() {
        return cols > 0;
    }

    public long elements() {
        return isMatrix() ? (long) rows * cols : rows;
    }
}
