package dev.hearth.node.engine;

/**
 * A weight matrix of {@code rows × cols} in one of the storage formats the kernels read directly, so
 * that decode streams each weight byte once in its stored width. Row-major {@code [out][in]}, as in
 * Hugging Face checkpoints: {@code y = W x} reads row {@code r} to make {@code y[r]}.
 */
public sealed interface Matrix permits F32Matrix, Bf16Matrix, Fp8Matrix, Int8Matrix {

    int rows();

    int cols();

    /** Bytes the kernels stream for one full pass over this matrix (weights plus scales). */
    long storedBytes();

    /** Element {@code (r, c)} as a float, dequantized; slow, for tests and diagnostics. */
    float get(int r, int c);
}
