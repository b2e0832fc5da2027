package dev.hearth.node.engine;

import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;
import static dev.hearth.node.engine.VectorLanes.SHORT_SPAN;
import static dev.hearth.node.engine.VectorLanes.bf16;
import static dev.hearth.node.engine.VectorLanes.f32;
import static dev.hearth.node.engine.VectorLanes.sum;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** {@link F32VectorKernels}' kernels over {@link Bf16Matrix}: the same loops, widening each load. */
final class Bf16VectorKernels {
    private Bf16VectorKernels() {
    }

    static void matvec(Bf16Matrix m, int rowFrom, int rowTo, float[] x, int xOff, float[] out, int outOff) {
        int cols = m.cols();
        for (int r = rowFrom; r < rowTo; r++) {
            out[outOff + r - rowFrom] = rowDot(m.data(), r * cols, x, xOff, cols);
        }
    }

    private static float rowDot(short[] w, int base, float[] x, int xOff, int cols) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        int c = 0;
        for (; c + 3 * L + SHORT_SPAN <= cols; c += 4 * L) {
            s0 = bf16(w, base + c).fma(f32(x, xOff + c), s0);
            s1 = bf16(w, base + c + L).fma(f32(x, xOff + c + L), s1);
            s2 = bf16(w, base + c + 2 * L).fma(f32(x, xOff + c + 2 * L), s2);
            s3 = bf16(w, base + c + 3 * L).fma(f32(x, xOff + c + 3 * L), s3);
        }
        for (; c + SHORT_SPAN <= cols; c += L) {
            s0 = bf16(w, base + c).fma(f32(x, xOff + c), s0);
        }
        float s = sum(s0, s1, s2, s3);
        for (; c < cols; c++) {
            s += Float.intBitsToFloat(w[base + c] << 16) * x[xOff + c];
        }
        return s;
    }

    static void vecmat(Bf16Matrix m, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff,
                       int colFrom, int colTo) {
        short[] w = m.data();
        int cols = m.cols();
        int c = colFrom;
        for (; c + 3 * L + SHORT_SPAN <= colTo; c += 4 * L) {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int i = 0; i < rowCount; i++) {
                FloatVector xi = FloatVector.broadcast(F, x[xOff + i]);
                int p = (rowStart + i) * cols + c;
                a0 = bf16(w, p).fma(xi, a0);
                a1 = bf16(w, p + L).fma(xi, a1);
                a2 = bf16(w, p + 2 * L).fma(xi, a2);
                a3 = bf16(w, p + 3 * L).fma(xi, a3);
            }
            a0.intoArray(out, outOff + c);
            a1.intoArray(out, outOff + c + L);
            a2.intoArray(out, outOff + c + 2 * L);
            a3.intoArray(out, outOff + c + 3 * L);
        }
        for (; c + SHORT_SPAN <= colTo; c += L) {
            FloatVector a = FloatVector.zero(F);
            for (int i = 0; i < rowCount; i++) {
                a = bf16(w, (rowStart + i) * cols + c).fma(FloatVector.broadcast(F, x[xOff + i]), a);
            }
            a.intoArray(out, outOff + c);
        }
        for (; c < colTo; c++) {
            float s = 0f;
            for (int i = 0; i < rowCount; i++) {
                s += x[xOff + i] * Float.intBitsToFloat(w[(rowStart + i) * cols + c] << 16);
            }
            out[outOff + c] = s;
        }
    }

    /** Register-blocked like {@link F32VectorKernels#matmul}; each widened weight vector feeds four inputs. */
    static void matmul(Bf16Matrix m, float[] x, int n, float[] out, int rowFrom, int rowTo) {
        int rows = m.rows();
        int cols = m.cols();
        int n4 = n - n % 4;
        for (int r = rowFrom; r < rowTo; r += 2) {
            int r1 = Math.min(r + 1, rowTo - 1);
            for (int i = 0; i < n4; i += 4) {
                block(m.data(), r * cols, r1 * cols, x, i * cols, cols, out, i * rows + r, rows, r1 != r);
            }
        }
        for (int i = n4; i < n; i++) {
            matvec(m, rowFrom, rowTo, x, i * cols, out, i * rows + rowFrom);
        }
    }

    private static void block(short[] w, int w0, int w1, float[] x, int x0, int cols, float[] out, int o,
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
        for (; c + SHORT_SPAN <= cols; c += L) {
            FloatVector v0 = bf16(w, w0 + c);
            FloatVector v1 = bf16(w, w1 + c);
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
            float p = Float.intBitsToFloat(w[w0 + c] << 16);
            float q = Float.intBitsToFloat(w[w1 + c] << 16);
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
}
