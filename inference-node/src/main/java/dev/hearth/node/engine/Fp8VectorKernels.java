package dev.hearth.node.engine;

import static dev.hearth.node.engine.Fp8Matrix.BLOCK;
import static dev.hearth.node.engine.VectorLanes.BYTE_SPAN;
import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;
import static dev.hearth.node.engine.VectorLanes.f32;
import static dev.hearth.node.engine.VectorLanes.fp8;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@link F32VectorKernels}' kernels over {@link Fp8Matrix}. The block scale changes every 128
 * columns (and every 128 rows): matvec sums one 128-column block in vector accumulators and folds
 * it into the total with one FMA by the block's scale; vecmat folds the scale into each input
 * coefficient; matmul scales each decoded weight vector, which it then uses once per input of a
 * tile.
 */
final class Fp8VectorKernels {
    /**
     * Rows per FP8 register tile: two, not {@link GemmStores#TILE_ROWS}. Four FP8 decodes, their
     * scales and sixteen FMAs in one loop ran past C2's inlining budget and boxed every vector (5
     * times slower); two rows by four inputs is what fits, and each decode still feeds four FMAs.
     */
    private static final int TILE_ROWS = 2;
    /** {@code tile1}, {@code tile2}, {@code tile4} by input count; called through handles, see {@link GemmStores}. */
    private static final MethodHandle[] TILES = GemmStores.tiles(MethodHandles.lookup(), Fp8VectorKernels.class,
            MethodType.methodType(int.class, byte[].class, float[].class, int.class, int.class, int.class, int.class,
                    float[].class, int.class, float[].class));

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

    /**
     * Weight rows {@code [rowFrom, rowTo)} of the GEMM, as {@link F32VectorKernels#matmul} describes.
     */
    static void matmul(Fp8Matrix m, float[] x, int n, float[] out, int rowFrom, int rowTo) {
        if (n == 1) {
            matvec(m, rowFrom, rowTo, x, 0, out, rowFrom);
            return;
        }
        byte[] w = m.data();
        float[] scale = m.scaleInv();
        int blockCols = m.blockCols();
        int rows = m.rows();
        int cols = m.cols();
        int band = GemmStores.bandRows(cols);
        float[] acc = new float[GemmStores.scratch(band, TILE_ROWS)];
        int touched = 0;
        for (int b = rowFrom; b < rowTo; b += band) {
            int bandEnd = Math.min(rowTo, b + band);
            int groups = (bandEnd - b + TILE_ROWS - 1) / TILE_ROWS;
            touched += VectorLanes.touch(w, b * cols, bandEnd * cols);
            for (int i = 0; i < n; ) {
                int k = GemmStores.inputsPerTile(n - i, 4);
                int end;
                try {
                    end = (int) TILES[k].invokeExact(w, scale, blockCols, b, bandEnd, cols, x, i * cols, acc);
                } catch (Throwable t) {
                    throw GemmStores.unchecked(t);
                }
                GemmStores.laneSums(acc, groups, k * TILE_ROWS);
                for (int g = 0; g < groups; g++) {
                    int r = b + g * TILE_ROWS;
                    int valid = Math.min(TILE_ROWS, bandEnd - r);
                    if (end < cols) {
                        addTails(m, r, valid, x, i, k, end, acc, g * GemmStores.GROUP);
                    }
                    GemmStores.store(acc, g * GemmStores.GROUP, k, TILE_ROWS, out, i * rows + r, rows, valid);
                }
                i += k;
            }
        }
        GemmStores.keep(touched);
    }

    /** Adds the columns from {@code from} that the vector loop left to one row group's sums. */
    private static void addTails(Fp8Matrix m, int r, int valid, float[] x, int input, int inputs, int from,
                                 float[] acc, int at) {
        int cols = m.cols();
        for (int i = 0; i < inputs; i++) {
            int xi = (input + i) * cols;
            for (int j = 0; j < valid; j++) {
                float s = 0f;
                for (int c = from; c < cols; c++) {
                    s += m.get(r + j, c) * x[xi + c];
                }
                acc[at + i * TILE_ROWS + j] += s;
            }
        }
    }

    /**
     * Rows {@code [rowFrom, rowTo)} times the four inputs from {@code x0} ({@code cols} apart), two
     * rows at a time (an odd last row pairs with itself): eight accumulators per pair into
     * {@code acc}, accumulator {@code input * 2 + row} (see {@link GemmStores}). Each decoded weight
     * vector is multiplied by its block's scale (a vector never straddles two blocks: its width
     * divides 128), then feeds four FMAs. Returns the first column the vector loop left.
     */
    static int tile4(byte[] w, float[] scale, int blockCols, int rowFrom, int rowTo, int cols, float[] x,
                     int x0, float[] acc) {
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        int c = 0;
        for (int r = rowFrom, at = 0; r < rowTo; r += TILE_ROWS, at += GemmStores.GROUP) {
            int r1 = Math.min(r + 1, rowTo - 1);
            int w0 = r * cols;
            int w1 = r1 * cols;
            int s0 = r / BLOCK * blockCols;
            int s1 = r1 / BLOCK * blockCols;
            FloatVector a00 = FloatVector.zero(F);
            FloatVector a01 = a00;
            FloatVector a10 = a00;
            FloatVector a11 = a00;
            FloatVector a20 = a00;
            FloatVector a21 = a00;
            FloatVector a30 = a00;
            FloatVector a31 = a00;
            for (c = 0; c + BYTE_SPAN <= cols; c += L) {
                int block = c / BLOCK;
                FloatVector v0 = fp8(w, w0 + c).mul(scale[s0 + block]);
                FloatVector v1 = fp8(w, w1 + c).mul(scale[s1 + block]);
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
            a00.intoArray(acc, at);
            a01.intoArray(acc, at + L);
            a10.intoArray(acc, at + 2 * L);
            a11.intoArray(acc, at + 3 * L);
            a20.intoArray(acc, at + 4 * L);
            a21.intoArray(acc, at + 5 * L);
            a30.intoArray(acc, at + 6 * L);
            a31.intoArray(acc, at + 7 * L);
        }
        return c;
    }

    /** {@link #tile4} for two inputs. */
    static int tile2(byte[] w, float[] scale, int blockCols, int rowFrom, int rowTo, int cols, float[] x,
                     int x0, float[] acc) {
        int x1 = x0 + cols;
        int c = 0;
        for (int r = rowFrom, at = 0; r < rowTo; r += TILE_ROWS, at += GemmStores.GROUP) {
            int r1 = Math.min(r + 1, rowTo - 1);
            int w0 = r * cols;
            int w1 = r1 * cols;
            int s0 = r / BLOCK * blockCols;
            int s1 = r1 / BLOCK * blockCols;
            FloatVector a00 = FloatVector.zero(F);
            FloatVector a01 = a00;
            FloatVector a10 = a00;
            FloatVector a11 = a00;
            for (c = 0; c + BYTE_SPAN <= cols; c += L) {
                int block = c / BLOCK;
                FloatVector v0 = fp8(w, w0 + c).mul(scale[s0 + block]);
                FloatVector v1 = fp8(w, w1 + c).mul(scale[s1 + block]);
                FloatVector u = f32(x, x0 + c);
                a00 = v0.fma(u, a00);
                a01 = v1.fma(u, a01);
                u = f32(x, x1 + c);
                a10 = v0.fma(u, a10);
                a11 = v1.fma(u, a11);
            }
            a00.intoArray(acc, at);
            a01.intoArray(acc, at + L);
            a10.intoArray(acc, at + 2 * L);
            a11.intoArray(acc, at + 3 * L);
        }
        return c;
    }

    /** {@link #tile4} for one input. */
    static int tile1(byte[] w, float[] scale, int blockCols, int rowFrom, int rowTo, int cols, float[] x,
                     int x0, float[] acc) {
        int c = 0;
        for (int r = rowFrom, at = 0; r < rowTo; r += TILE_ROWS, at += GemmStores.GROUP) {
            int r1 = Math.min(r + 1, rowTo - 1);
            int w0 = r * cols;
            int w1 = r1 * cols;
            int s0 = r / BLOCK * blockCols;
            int s1 = r1 / BLOCK * blockCols;
            FloatVector a00 = FloatVector.zero(F);
            FloatVector a01 = a00;
            for (c = 0; c + BYTE_SPAN <= cols; c += L) {
                int block = c / BLOCK;
                FloatVector v0 = fp8(w, w0 + c).mul(scale[s0 + block]);
                FloatVector v1 = fp8(w, w1 + c).mul(scale[s1 + block]);
                FloatVector u = f32(x, x0 + c);
                a00 = v0.fma(u, a00);
                a01 = v1.fma(u, a01);
            }
            a00.intoArray(acc, at);
            a01.intoArray(acc, at + L);
        }
        return c;
    }
}
