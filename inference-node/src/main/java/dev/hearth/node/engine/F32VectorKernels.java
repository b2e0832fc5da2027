package dev.hearth.node.engine;

import static dev.hearth.node.engine.GemmStores.TILE_ROWS;
import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;
import static dev.hearth.node.engine.VectorLanes.f32;
import static dev.hearth.node.engine.VectorLanes.sum;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jdk.incubator.vector.FloatVector;

/**
 * Vector API kernels over {@link F32Matrix}, each over a slice of the work so that
 * {@link VectorKernels} can hand slices to its threads. The other formats' kernels have the same
 * shape with a different load; they are written out per format because a shared loop calling the
 * load through an interface would not inline and every vector would be boxed.
 */
final class F32VectorKernels {
    /** {@code tile1}, {@code tile2}, {@code tile4} by input count; called through handles, see {@link GemmStores}. */
    private static final MethodHandle[] TILES = GemmStores.tiles(MethodHandles.lookup(), F32VectorKernels.class,
            MethodType.methodType(int.class, float[].class, int.class, int.class, int.class, float[].class, int.class,
                    float[].class));

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
     * Weight rows {@code [rowFrom, rowTo)} of the GEMM against {@code n} inputs. One input is a
     * matrix-vector product, which streams the weights at full speed by itself. Otherwise the rows
     * go in bands of about 32 KB, each touched into cache first ({@link VectorLanes#touch(float[],
     * int, int)} says why), then multiplied in register tiles of four rows by four inputs (two on
     * machines with 16 vector registers), then two and one for the inputs left: each weight vector
     * loaded feeds one FMA per input of the tile and each input vector four. The tiles, their lane
     * sums and stores are {@link GemmStores}'; the columns past the last whole vector are added in
     * scalar code here, after the lane sums.
     */
    static void matmul(F32Matrix m, float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (n == 1) {
            matvec(m, rowFrom, rowTo, x, 0, out, rowFrom);
            return;
        }
        float[] w = m.data();
        int rows = m.rows();
        int cols = m.cols();
        int band = GemmStores.bandRows(4L * cols);
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
    private static void addTails(float[] w, int r, int valid, float[] x, int input, int inputs, int cols, int from,
                                 float[] acc, int at) {
        for (int i = 0; i < inputs; i++) {
            int xi = (input + i) * cols;
            for (int j = 0; j < valid; j++) {
                int wr = (r + j) * cols;
                float s = 0f;
                for (int c = from; c < cols; c++) {
                    s += w[wr + c] * x[xi + c];
                }
                acc[at + i * TILE_ROWS + j] += s;
            }
        }
    }

    /**
     * Rows {@code [rowFrom, rowTo)} times the four inputs from {@code x0} ({@code cols} apart), four
     * rows at a time (a short last group repeats its last row): sixteen accumulators per group into
     * {@code acc}, laid out as {@link GemmStores} says. Each weight vector loaded feeds four FMAs,
     * and each input vector four. Returns the first column the vector loop left.
     */
    static int tile4(float[] w, int rowFrom, int rowTo, int cols, float[] x, int x0, float[] acc) {
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
            for (c = 0; c + L <= cols; c += L) {
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
    static int tile2(float[] w, int rowFrom, int rowTo, int cols, float[] x, int x0, float[] acc) {
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
            for (c = 0; c + L <= cols; c += L) {
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
    static int tile1(float[] w, int rowFrom, int rowTo, int cols, float[] x, int x0, float[] acc) {
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
            for (c = 0; c + L <= cols; c += L) {
                FloatVector u = f32(x, x0 + c);
                a0 = f32(w, w0 + c).fma(u, a0);
                a1 = f32(w, w1 + c).fma(u, a1);
                a2 = f32(w, w2 + c).fma(u, a2);
                a3 = f32(w, w3 + c).fma(u, a3);
            }
            a0.intoArray(acc, at);
            a1.intoArray(acc, at + L);
            a2.intoArray(acc, at + 2 * L);
            a3.intoArray(acc, at + 3 * L);
        }
        return c;
    }
}
