package dev.hearth.node.engine;

import static dev.hearth.node.engine.GemmStores.TILE_ROWS;
import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;
import static dev.hearth.node.engine.VectorLanes.SHORT_SPAN;
import static dev.hearth.node.engine.VectorLanes.bf16;
import static dev.hearth.node.engine.VectorLanes.f32;
import static dev.hearth.node.engine.VectorLanes.sum;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jdk.incubator.vector.FloatVector;

/** {@link F32VectorKernels}' kernels over {@link Bf16Matrix}: the same loops, widening each load. */
final class Bf16VectorKernels {
    /** {@code tile1}, {@code tile2}, {@code tile4} by input count; called through handles, see {@link GemmStores}. */
    private static final MethodHandle[] TILES = GemmStores.tiles(MethodHandles.lookup(), Bf16VectorKernels.class,
            MethodType.methodType(int.class, short[].class, int.class, int.class, int.class, float[].class, int.class,
                    float[].class));

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

    /**
     * Weight rows {@code [rowFrom, rowTo)} of the GEMM, as {@link F32VectorKernels#matmul} describes;
     * each weight vector is widened once per tile and feeds one FMA per input of the tile.
     */
    static void matmul(Bf16Matrix m, float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (n == 1) {
            matvec(m, rowFrom, rowTo, x, 0, out, rowFrom);
            return;
        }
        short[] w = m.data();
        int rows = m.rows();
        int cols = m.cols();
        int band = GemmStores.bandRows(2L * cols);
        float[] acc = new float[GemmStores.scratch(band, TILE_ROWS)];
        int touched = 0;
        for (int b = rowFrom; b < rowTo; b += band) {
            int bandEnd = Math.min(rowTo, b + band);
            int groups = (bandEnd - b + TILE_ROWS - 1) / TILE_ROWS;
            touched += VectorLanes.touch(w, b * cols, bandEnd * cols);
            for (int i = 0; i < n; ) {
                int k = GemmStores.inputsPerTile(n - i, GemmStores.FOUR_ROW_TILE_INPUTS);
                int end;
                try {
                    end = (int) TILES[k].invokeExact(w, b, bandEnd, cols, x, i * cols, acc);
                } catch (Throwable t) {
                    throw GemmStores.unchecked(t);
                }
                GemmStores.laneSums(acc, groups, k * TILE_ROWS);
                for (int g = 0; g < groups; g++) {
                    int r = b + g * TILE_ROWS;
                    int valid = Math.min(TILE_ROWS, bandEnd - r);
                    if (end < cols) {
                        addTails(w, r, valid, x, i, k, cols, end, acc, g * GemmStores.GROUP);
                    }
                    GemmStores.store(acc, g * GemmStores.GROUP, k, TILE_ROWS, out, i * rows + r, rows, valid);
                }
                i += k;
            }
        }
        GemmStores.keep(touched);
    }

    /** Adds the columns from {@code from} that the vector loop left to one row group's sums. */
    private static void addTails(short[] w, int r, int valid, float[] x, int input, int inputs, int cols, int from,
                                 float[] acc, int at) {
        for (int i = 0; i < inputs; i++) {
            int xi = (input + i) * cols;
            for (int j = 0; j < valid; j++) {
                int wr = (r + j) * cols;
                float s = 0f;
                for (int c = from; c < cols; c++) {
                    s += Float.intBitsToFloat(w[wr + c] << 16) * x[xi + c];
                }
                acc[at + i * TILE_ROWS + j] += s;
            }
        }
    }

    /**
     * Rows {@code [rowFrom, rowTo)} times the four inputs from {@code x0} ({@code cols} apart), four
     * rows at a time (a short last group repeats its last row): sixteen accumulators per group into
     * {@code acc}, laid out as {@link GemmStores} says. Each weight vector, loaded and widened once,
     * feeds four FMAs, and each input vector four. Returns the first column the vector loop left.
     */
    static int tile4(short[] w, int rowFrom, int rowTo, int cols, float[] x, int x0, float[] acc) {
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        int c = 0;
        for (int r = rowFrom, at = 0; r < rowTo; r += TILE_ROWS, at += GemmStores.GROUP) {
            int last = Math.min(r + TILE_ROWS, rowTo) - 1;
            int w0 = r * cols;
            int w1 = Math.min(r + 1, last) * cols;
            int w2 = Math.min(r + 2, last) * cols;
            int w3 = last * cols;
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
            for (c = 0; c + SHORT_SPAN <= cols; c += L) {
                FloatVector v0 = bf16(w, w0 + c);
                FloatVector v1 = bf16(w, w1 + c);
                FloatVector v2 = bf16(w, w2 + c);
                FloatVector v3 = bf16(w, w3 + c);
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
            a00.intoArray(acc, at);
            a01.intoArray(acc, at + L);
            a02.intoArray(acc, at + 2 * L);
            a03.intoArray(acc, at + 3 * L);
            a10.intoArray(acc, at + 4 * L);
            a11.intoArray(acc, at + 5 * L);
            a12.intoArray(acc, at + 6 * L);
            a13.intoArray(acc, at + 7 * L);
            a20.intoArray(acc, at + 8 * L);
            a21.intoArray(acc, at + 9 * L);
            a22.intoArray(acc, at + 10 * L);
            a23.intoArray(acc, at + 11 * L);
            a30.intoArray(acc, at + 12 * L);
            a31.intoArray(acc, at + 13 * L);
            a32.intoArray(acc, at + 14 * L);
            a33.intoArray(acc, at + 15 * L);
        }
        return c;
    }

    /** {@link #tile4} for two inputs: eight accumulators, few enough for 16 vector registers. */
    static int tile2(short[] w, int rowFrom, int rowTo, int cols, float[] x, int x0, float[] acc) {
        int x1 = x0 + cols;
        int c = 0;
        for (int r = rowFrom, at = 0; r < rowTo; r += TILE_ROWS, at += GemmStores.GROUP) {
            int last = Math.min(r + TILE_ROWS, rowTo) - 1;
            int w0 = r * cols;
            int w1 = Math.min(r + 1, last) * cols;
            int w2 = Math.min(r + 2, last) * cols;
            int w3 = last * cols;
            FloatVector a00 = FloatVector.zero(F);
            FloatVector a01 = a00;
            FloatVector a02 = a00;
            FloatVector a03 = a00;
            FloatVector a10 = a00;
            FloatVector a11 = a00;
            FloatVector a12 = a00;
            FloatVector a13 = a00;
            for (c = 0; c + SHORT_SPAN <= cols; c += L) {
                FloatVector v0 = bf16(w, w0 + c);
                FloatVector v1 = bf16(w, w1 + c);
                FloatVector v2 = bf16(w, w2 + c);
                FloatVector v3 = bf16(w, w3 + c);
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
            }
            a00.intoArray(acc, at);
            a01.intoArray(acc, at + L);
            a02.intoArray(acc, at + 2 * L);
            a03.intoArray(acc, at + 3 * L);
            a10.intoArray(acc, at + 4 * L);
            a11.intoArray(acc, at + 5 * L);
            a12.intoArray(acc, at + 6 * L);
            a13.intoArray(acc, at + 7 * L);
        }
        return c;
    }

    /** {@link #tile4} for one input: four rows' dot products with it. */
    static int tile1(short[] w, int rowFrom, int rowTo, int cols, float[] x, int x0, float[] acc) {
        int c = 0;
        for (int r = rowFrom, at = 0; r < rowTo; r += TILE_ROWS, at += GemmStores.GROUP) {
            int last = Math.min(r + TILE_ROWS, rowTo) - 1;
            int w0 = r * cols;
            int w1 = Math.min(r + 1, last) * cols;
            int w2 = Math.min(r + 2, last) * cols;
            int w3 = last * cols;
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (c = 0; c + SHORT_SPAN <= cols; c += L) {
                FloatVector u = f32(x, x0 + c);
                a0 = bf16(w, w0 + c).fma(u, a0);
                a1 = bf16(w, w1 + c).fma(u, a1);
                a2 = bf16(w, w2 + c).fma(u, a2);
                a3 = bf16(w, w3 + c).fma(u, a3);
            }
            a0.intoArray(acc, at);
            a1.intoArray(acc, at + L);
            a2.intoArray(acc, at + 2 * L);
            a3.intoArray(acc, at + 3 * L);
        }
        return c;
    }
}
