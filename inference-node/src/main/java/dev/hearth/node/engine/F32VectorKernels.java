package dev.hearth.node.engine;

import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;
import static dev.hearth.node.engine.VectorLanes.f32;
import static dev.hearth.node.engine.VectorLanes.sum;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Vector API kernels over {@link F32Matrix}, each over a slice of the work so that
 * {@link VectorKernels} can hand slices to its threads. The other formats' kernels have the same
 * shape with a different load; they are written out per format because a shared loop calling the
 * load through an interface would not inline and every vector would be boxed.
 */
final class F32VectorKernels {
    private F32VectorKernels() {
    }

    /** Four accumulators: an FMA's latency is about four of its issue slots. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            s0 = f32(a, aOff + i).fma(f32(b, bOff + i), s0);
            s1 = f32(a, aOff + i + L).fma(f32(b, bOff + i + L), s1);
            s2 = f32(a, aOff + i + 2 * L).fma(f32(b, bOff + i + 2 * L), s2);
            s3 = f32(a, aOff + i + 3 * L).fma(f32(b, bOff + i + 3 * L), s3);
        }
        for (; i + L <= n; i += L) {
            s0 = f32(a, aOff + i).fma(f32(b, bOff + i), s0);
        }
        float s = sum(s0, s1, s2, s3);
        for (; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** Rows {@code [rowFrom, rowTo)} into {@code out[outOff ...]}. */
    static void matvec(F32Matrix m, int rowFrom, int rowTo, float[] x, int xOff, float[] out, int outOff) {
        int cols = m.cols();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r - rowFrom] = dot(m.data(), r * cols, x, xOff, cols);
        }
    }

    /**
     * Columns {@code [colFrom, colTo)} of the transposed product. A tile of four vectors of columns
     * stays in registers while every row of the band is added into it, so {@code out} is written
     * once instead of once per row.
     */
    static void vecmat(F32Matrix m, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff,
                       int colFrom, int colTo) {
        float[] w = m.data();
        int cols = m.cols();
        int c = colFrom;
        for (; c + 4 * L <= colTo; c += 4 * L) {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int i = 0; i < rowCount; i++) {
                FloatVector xi = FloatVector.broadcast(F, x[xOff + i]);
                int p = (rowStart + i) * cols + c;
                a0 = f32(w, p).fma(xi, a0);
                a1 = f32(w, p + L).fma(xi, a1);
                a2 = f32(w, p + 2 * L).fma(xi, a2);
                a3 = f32(w, p + 3 * L).fma(xi, a3);
            }
            a0.intoArray(out, outOff + c);
            a1.intoArray(out, outOff + c + L);
            a2.intoArray(out, outOff + c + 2 * L);
            a3.intoArray(out, outOff + c + 3 * L);
        }
        for (; c + L <= colTo; c += L) {
            FloatVector a = FloatVector.zero(F);
            for (int i = 0; i < rowCount; i++) {
                a = f32(w, (rowStart + i) * cols + c).fma(FloatVector.broadcast(F, x[xOff + i]), a);
            }
            a.intoArray(out, outOff + c);
        }
        for (; c < colTo; c++) {
            float s = 0f;
            for (int i = 0; i < rowCount; i++) {
                s += x[xOff + i] * w[(rowStart + i) * cols + c];
            }
            out[outOff + c] = s;
        }
    }

    /**
     * Weight rows {@code [rowFrom, rowTo)} of the GEMM, against four inputs at a time: each weight
     * vector loaded feeds four FMAs. Plain floats are bound by loads, not FMAs, so with 32 vector
     * registers (512-bit machines) four weight rows go at once, sixteen accumulators, one load per
     * two FMAs; with 16 registers (AVX2) that spills, and two rows (eight accumulators) are faster.
     * Inputs left over after the blocks of four go through the matrix-vector kernel.
     */
    static void matmul(F32Matrix m, float[] x, int n, float[] out, int rowFrom, int rowTo) {
        int rows = m.rows();
        int cols = m.cols();
        int n4 = n - n % 4;
        int r = rowFrom;
        if (VectorLanes.MANY_REGISTERS) {
            for (; r + 4 <= rowTo; r += 4) {
                for (int i = 0; i < n4; i += 4) {
                    block4(m.data(), r * cols, x, i * cols, cols, out, i * rows + r, rows);
                }
            }
        }
        for (; r < rowTo; r += 2) {
            // An odd last row pairs with itself; its duplicate result is simply not stored.
            int r1 = Math.min(r + 1, rowTo - 1);
            for (int i = 0; i < n4; i += 4) {
                block(m.data(), r * cols, r1 * cols, x, i * cols, cols, out, i * rows + r, rows, r1 != r);
            }
        }
        for (int i = n4; i < n; i++) {
            matvec(m, rowFrom, rowTo, x, i * cols, out, i * rows + rowFrom);
        }
    }

    private static void block(float[] w, int w0, int w1, float[] x, int x0, int cols, float[] out, int o,
                              int rows, boolean second) {
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        int c = 0;
        for (; c + L <= cols; c += L) {
            FloatVector v0 = f32(w, w0 + c);
            FloatVector v1 = f32(w, w1 + c);
            FloatVector u = f32(x, x0 + c);
            a00 = v0.fma(u, a00);
            a01 = v1.fma(u, a01);
            u = f32(x, x1 + c);
            a10 = v0.fma(u, a10);
            a11 = v1.fma(u, a11);
            u = f32(x, x2 + c);
            a20 = v0.fma(u, a20);
            a21 = v1.fma(u, a21);
            u = f32(x, x3 + c);
            a30 = v0.fma(u, a30);
            a31 = v1.fma(u, a31);
        }
        float s00 = a00.reduceLanes(VectorOperators.ADD);
        float s01 = a01.reduceLanes(VectorOperators.ADD);
        float s10 = a10.reduceLanes(VectorOperators.ADD);
        float s11 = a11.reduceLanes(VectorOperators.ADD);
        float s20 = a20.reduceLanes(VectorOperators.ADD);
        float s21 = a21.reduceLanes(VectorOperators.ADD);
        float s30 = a30.reduceLanes(VectorOperators.ADD);
        float s31 = a31.reduceLanes(VectorOperators.ADD);
        for (; c < cols; c++) {
            float p = w[w0 + c];
            float q = w[w1 + c];
            s00 += p * x[x0 + c];
            s01 += q * x[x0 + c];
            s10 += p * x[x1 + c];
            s11 += q * x[x1 + c];
            s20 += p * x[x2 + c];
            s21 += q * x[x2 + c];
            s30 += p * x[x3 + c];
            s31 += q * x[x3 + c];
        }
        GemmStores.store(out, o, rows, second, s00, s01, s10, s11, s20, s21, s30, s31);
    }

    /** Four inputs from {@code x0} times the four weight rows from {@code w0}. */
    private static void block4(float[] w, int w0, float[] x, int x0, int cols, float[] out, int o, int rows) {
        int w1 = w0 + cols;
        int w2 = w1 + cols;
        int w3 = w2 + cols;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        int c = 0;
        for (; c + L <= cols; c += L) {
            FloatVector v0 = f32(w, w0 + c);
            FloatVector v1 = f32(w, w1 + c);
            FloatVector v2 = f32(w, w2 + c);
            FloatVector v3 = f32(w, w3 + c);
            FloatVector u = f32(x, x0 + c);
            a00 = v0.fma(u, a00);
            a01 = v1.fma(u, a01);
            a02 = v2.fma(u, a02);
            a03 = v3.fma(u, a03);
            u = f32(x, x1 + c);
            a10 = v0.fma(u, a10);
            a11 = v1.fma(u, a11);
            a12 = v2.fma(u, a12);
            a13 = v3.fma(u, a13);
            u = f32(x, x2 + c);
            a20 = v0.fma(u, a20);
            a21 = v1.fma(u, a21);
            a22 = v2.fma(u, a22);
            a23 = v3.fma(u, a23);
            u = f32(x, x3 + c);
            a30 = v0.fma(u, a30);
            a31 = v1.fma(u, a31);
            a32 = v2.fma(u, a32);
            a33 = v3.fma(u, a33);
        }
        GemmStores.store(out, o, rows, true, a00.reduceLanes(VectorOperators.ADD),
                a01.reduceLanes(VectorOperators.ADD), a10.reduceLanes(VectorOperators.ADD),
                a11.reduceLanes(VectorOperators.ADD), a20.reduceLanes(VectorOperators.ADD),
                a21.reduceLanes(VectorOperators.ADD), a30.reduceLanes(VectorOperators.ADD),
                a31.reduceLanes(VectorOperators.ADD));
        GemmStores.store(out, o + 2, rows, true, a02.reduceLanes(VectorOperators.ADD),
                a03.reduceLanes(VectorOperators.ADD), a12.reduceLanes(VectorOperators.ADD),
                a13.reduceLanes(VectorOperators.ADD), a22.reduceLanes(VectorOperators.ADD),
                a23.reduceLanes(VectorOperators.ADD), a32.reduceLanes(VectorOperators.ADD),
                a33.reduceLanes(VectorOperators.ADD));
        if (c < cols) {
            addTail(w, w0, x, x0, cols, out, o, rows, c);
        }
    }

    /** Adds columns {@code [from, cols)} of a 4x4 block's products, kept out of the vector method. */
    private static void addTail(float[] w, int w0, float[] x, int x0, int cols, float[] out, int o, int rows,
                                int from) {
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[o + i * rows + j] += dot(w, w0 + j * cols + from, x, x0 + i * cols + from, cols - from);
            }
        }
    }
}
