package dev.hearth.node.engine;

/**
 * The numeric kernels of the forward pass. Every optimised backend (Vector API, GPU) implements this
 * interface and is tested against {@link ScalarKernels}, the reference.
 *
 * <p>Matrices are row-major {@code float[]}; a "row" of {@code w} has {@code cols} entries.
 */
public interface Kernels {

    /** {@code out[r] = sum_c w[r * cols + c] * x[c]} for {@code r < rows}. */
    void matvec(float[] out, float[] w, float[] x, int rows, int cols);

    /** Root-mean-square normalisation: {@code out = x / rms(x) * weight}. */
    void rmsnorm(float[] out, float[] x, float[] weight, float eps);

    /** In-place numerically stable softmax over {@code x[offset, offset + length)}. */
    void softmax(float[] x, int offset, int length);

    /**
     * Rotary position embedding on one head: rotates the pair {@code (v[offset + 2i], v[offset + 2i + 1])}
     * by the angle whose cosine and sine are {@code cos[table + i]} and {@code sin[table + i]}
     * (see {@link RotaryTable}).
     */
    void rope(float[] v, int offset, int headDim, float[] cos, float[] sin, int table);

    /** SwiGLU activation in place: {@code gate[i] = silu(gate[i]) * up[i]}. */
    void siluMul(float[] gate, float[] up, int n);

    /** {@code sum_i a[aOff + i] * b[bOff + i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /** {@code y[yOff + i] += alpha * x[xOff + i]}. */
    void axpy(float[] y, int yOff, float alpha, float[] x, int xOff, int n);
}
