package dev.hearth.node.engine;

/**
 * The numeric kernels of the forward pass. Every optimised backend (Vector API, GPU) implements this
 * interface and is tested against {@link ScalarKernels}, the reference. Implementations must be safe
 * to call from several threads at once on disjoint outputs.
 *
 * <p>Vectors are {@code float[]} with explicit offsets; weights are {@link Matrix} in any stored
 * format, read without widening the whole matrix first.
 */
public interface Kernels {

    /** Name logged at start-up, e.g. {@code scalar} or {@code vector-256 x2 threads}. */
    String name();

    /**
     * {@code out[outOff + i] = sum_c W[rowStart + i][c] * x[xOff + c]} for {@code i < rowCount}: the
     * product with a band of rows (a head's slice of {@code kv_b_proj}, or the whole matrix).
     */
    void matvec(Matrix w, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff);

    /** {@code out = W x} over all rows. */
    default void matvec(Matrix w, float[] x, int xOff, float[] out, int outOff) {
        matvec(w, 0, w.rows(), x, xOff, out, outOff);
    }

    /**
     * The transposed product over a band of rows: {@code out[outOff + c] = sum_i x[xOff + i] *
     * W[rowStart + i][c]} for every column {@code c}. Used by absorbed attention, which folds a head's
     * key up-projection into the query.
     */
    void vecmat(Matrix w, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff);

    /**
     * GEMM for prefill: {@code n} input rows {@code x[i * cols, (i + 1) * cols)} times {@code W^T}
     * into {@code out[i * rows + r]}. Reads each weight once per block of inputs instead of once per
     * input.
     */
    void matmul(Matrix w, float[] x, int n, float[] out);

    /** {@code out[outOff + i] = x[xOff + i] / rms(x) * weight[i]} for {@code i < n}. */
    void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps);

    /** In-place numerically stable softmax over {@code x[offset, offset + length)}. */
    void softmax(float[] x, int offset, int length);

    /**
     * Rotary embedding on adjacent pairs: rotates {@code (v[o + 2i], v[o + 2i + 1])} by the angle of
     * {@code cos[table + i]}, {@code sin[table + i]} for {@code i < dim / 2} (DeepSeek-V3 layout).
     */
    void ropeInterleaved(float[] v, int offset, int dim, float[] cos, float[] sin, int table);

    /**
     * Rotary embedding on split halves: rotates {@code (v[o + i], v[o + i + dim / 2])} (the Llama
     * "rotate_half" layout of Hugging Face checkpoints).
     */
    void ropeHalves(float[] v, int offset, int dim, float[] cos, float[] sin, int table);

    /** SwiGLU in place: {@code gate[gOff + i] = silu(gate[gOff + i]) * up[uOff + i]}. */
    void siluMul(float[] gate, int gOff, float[] up, int uOff, int n);

    /** {@code sum_i a[aOff + i] * b[bOff + i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[yOff + i] += alpha * x[xOff + i]}. */
    void axpy(float[] y, int yOff, float alpha, float[] x, int xOff, int n);
}
