package dev.hearth.node.engine;

import static dev.hearth.node.engine.Fp8Matrix.BLOCK;
import static dev.hearth.node.engine.VectorLanes.BYTE_SPAN;
import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;
import static dev.hearth.node.engine.VectorLanes.f32;
import static dev.hearth.node.engine.VectorLanes.fp8;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link F32VectorKernels}' kernels over {@link Fp8Matrix}. The block scale changes every 128
 * columns (and every 128 rows): matvec sums one 128-column block in vector accumulators and folds
 * it into the total with one FMA by the block's scale; vecmat folds the scale into each input
 * coefficient; matmul scales each decoded weight vector, which it then uses four times.
 */
final class Fp8VectorKernels {
    private Fp8VectorKernels() {
    }

    static void matvec(Fp8Matrix m, int rowFrom, int rowTo, float[] x, int xOff, float[] out, int outOff) {
        int cols = m.cols();
        for (int r = rowFrom; r < rowTo; r++) {
            int scaleRow = (r / BLOCK) * m.blockCols();
            out[outOff + r - rowFrom] = rowDot(m.data(), r * cols, m.scaleInv(), scaleRow, x, xOff, cols);
        }
    }

    /**
     * Two accumulators and two decodes per iteration, no single-vector loop: a third inlined decode
     * would push C2 past its inlining budget (see {@link VectorLanes#fp8}). A partial last block
     * leaves up to {@code 2L - 1} columns to the scalar tail.
     */
    private static float rowDot(byte[] w, int base, float[] scale, int scaleRow, float[] x, int xOff, int cols) {
        FloatVector total = FloatVector.zero(F);
        float tail = 0f;
        for (int c0 = 0; c0 < cols; c0 += BLOCK) {
            int end = Math.min(cols, c0 + BLOCK);
            FloatVector s0 = FloatVector.zero(F);
            FloatVector s1 = s0;
            int c = c0;
            for (; c + L + BYTE_SPAN <= end; c += 2 * L) {
                s0 = fp8(w, base + c).fma(f32(x, xOff + c), s0);
                s1 = fp8(w, base + c + L).fma(f32(x, xOff + c + L), s1);
            }
            float s = scale[scaleRow + c0 / BLOCK];
            total = s0.add(s1).fma(FloatVector.broadcast(F, s), total);
            if (c < end) {
                tail += scalarDot(w, base, x, xOff, c, end) * s;
            }
        }
        return total.reduceLanes(VectorOperators.ADD) + tail;
    }

    private static float scalarDot(byte[] w, int base, float[] x, int xOff, int from, int to) {
        float t = 0f;
        for (int c = from; c < to; c++) {
            t += Fp8E4m3.toFloat(w[base + c]) * x[xOff + c];
        }
        return t;
    }

    static void vecmat(Fp8Matrix m, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff,
                       int colFrom, int colTo) {
        for (int c = colFrom; c < colTo; ) {
            int end = Math.min(colTo, (c / BLOCK + 1) * BLOCK);
            vecmatBlock(m, rowStart, rowCount, x, xOff, out, outOff, c, end);
            c = end;
        }
    }

    /**
     * Columns {@code [colFrom, colTo)}, all inside one 128-column block, so one scale per row. Tiles
     * of two vectors, for the same inlining budget as {@link #rowDot}; the columns of a partial
     * last block that do not fill a tile go to the scalar loop.
     */
    private static void vecmatBlock(Fp8Matrix m, int rowStart, int rowCount, float[] x, int xOff, float[] out,
                                    int outOff, int colFrom, int colTo) {
        byte[] w = m.data();
        float[] scale = m.scaleInv();
        int cols = m.cols();
        int blockCols = m.blockCols();
        int scaleCol = colFrom / BLOCK;
        int c = colFrom;
        for (; c + L + BYTE_SPAN <= colTo; c += 2 * L) {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            for (int i = 0; i < rowCount; i++) {
                int r = rowStart + i;
                FloatVector xi = FloatVector.broadcast(F, x[xOff + i] * scale[(r / BLOCK) * blockCols + scaleCol]);
                int p = r * cols + c;
                a0 = fp8(w, p).fma(xi, a0);
                a1 = fp8(w, p + L).fma(xi, a1);
            }
            a0.intoArray(out, outOff + c);
            a1.intoArray(out, outOff + c + L);
        }
        for (; c < colTo; c++) {
            float s = 0f;
            for (int i = 0; i < rowCount; i++) {
                int r = rowStart + i;
                s += x[xOff + i] * scale[(r / BLOCK) * blockCols + scaleCol] * Fp8E4m3.toFloat(w[r * cols + c]);
            }
            out[outOff + c] = s;
        }
    }

    static void matmul(Fp8Matrix m, float[] x, int n, float[] out, int rowFrom, int rowTo) {
        int rows = m.rows();
        int cols = m.cols();
        int n4 = n - n % 4;
        for (int r = rowFrom; r < rowTo; r += 2) {
            int r1 = Math.min(r + 1, rowTo - 1);
            for (int i = 0; i < n4; i += 4) {
                block(m, r, r1, x, i * cols, out, i * rows + r);
            }
        }
        for (int i = n4; i < n; i++) {
            matvec(m, rowFrom, rowTo, x, i * cols, out, i * rows + rowFrom);
        }
    }

    /**
     * Weight rows {@code r0} and {@code r1} (equal for an odd last row) times the four inputs from
     * {@code x0}. One flat loop over the columns, picking up each vector's block scale as it goes (a
     * vector never straddles two blocks: its width divides 128); a loop nested per block would make
     * C2 box the eight accumulators at every block boundary.
     */
    private static void block(Fp8Matrix m, int r0, int r1, float[] x, int x0, float[] out, int o) {
        byte[] w = m.data();
        float[] scale = m.scaleInv();
        int rows = m.rows();
        int cols = m.cols();
        int w0 = r0 * cols;
        int w1 = r1 * cols;
        int scaleRow0 = (r0 / BLOCK) * m.blockCols();
        int scaleRow1 = (r1 / BLOCK) * m.blockCols();
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
        for (; c + BYTE_SPAN <= cols; c += L) {
            FloatVector v0 = fp8(w, w0 + c).mul(scale[scaleRow0 + c / BLOCK]);
            FloatVector v1 = fp8(w, w1 + c).mul(scale[scaleRow1 + c / BLOCK]);
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
        GemmStores.store(out, o, rows, r1 != r0,
                a00.reduceLanes(VectorOperators.ADD), a01.reduceLanes(VectorOperators.ADD),
                a10.reduceLanes(VectorOperators.ADD), a11.reduceLanes(VectorOperators.ADD),
                a20.reduceLanes(VectorOperators.ADD), a21.reduceLanes(VectorOperators.ADD),
                a30.reduceLanes(VectorOperators.ADD), a31.reduceLanes(VectorOperators.ADD));
        if (c < cols) {
            addTail(m, r0, r1, x, x0, out, o, c);
        }
    }

    /** Adds columns {@code [from, cols)} of the block's products, in scalar code kept out of the vector method. */
    private static void addTail(Fp8Matrix m, int r0, int r1, float[] x, int x0, float[] out, int o, int from) {
        int rows = m.rows();
        int cols = m.cols();
        for (int i = 0; i < 4; i++) {
            int xi = x0 + i * cols;
            float s0 = 0f;
            float s1 = 0f;
            for (int c = from; c < cols; c++) {
                s0 += m.get(r0, c) * x[xi + c];
                s1 += m.get(r1, c) * x[xi + c];
            }
            out[o + i * rows] += s0;
            if (r1 != r0) {
                out[o + i * rows + 1] += s1;
            }
        }
    }
}
