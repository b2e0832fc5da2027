package dev.hearth.node.engine;

import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * What every format's GEMM ({@code matmul}) shares: the bands and register tiles it walks, the
 * lane sums of finished tiles, and their stores.
 *
 * <p>The weight rows go in bands of about 32 KB. A band is first touched into cache
 * ({@link VectorLanes#touch(short[], int, int)}), then multiplied by the inputs in tiles of
 * {@link #TILE_ROWS} rows times 4, 2 or 1 inputs ({@link #inputsPerTile}). A tile kernel walks the
 * whole band for its inputs and leaves one vector accumulator per (row group, input, row) in a
 * scratch array: group {@code g}, input {@code i}, row {@code j} at
 * {@code acc[g * GROUP + (i * TILE_ROWS + j) * L]}. {@link #laneSums} then sums each vector's
 * lanes and {@link #store} writes them out.
 *
 * <p>Why the accumulators go through memory, and why the tile kernels and the lane sums are
 * called through method handles held in arrays (whose elements C2 never treats as constants, so
 * never inlines): each is a few thousand nodes of inlined Vector API code. The kernel that calls
 * them (tails, stores, loops) inlined two of them and ran past C2's inlining budget, and some
 * vectors were boxed: inputs that went through the two- and one-input tiles took three times as
 * long (see {@link VectorKernels} on the budget). A lane sum called from inside the tile kernel
 * instead made C2 keep the loop's variables in stack slots across the call, a third slower. A
 * handle call costs a few nanoseconds, once per band and inputs.
 */
final class GemmStores {
    /** Weight rows per register tile: each input vector loaded feeds this many FMAs. */
    static final int TILE_ROWS = 4;
    /** Scratch floats per row group: accumulators for up to 4 inputs × {@link #TILE_ROWS} rows. */
    static final int GROUP = 4 * TILE_ROWS * L;
    /**
     * Inputs per tile of {@link #TILE_ROWS} rows: 4 with 32 vector registers; with 16, 2 (sixteen
     * accumulators, four weights and an input would spill).
     */
    static final int FOUR_ROW_TILE_INPUTS = VectorLanes.MANY_REGISTERS ? 4 : 2;

    /**
     * Weight bytes {@link #bandRows} aims at per band. 16 to 128 KB measured alike; 32 KB fits a
     * 32 KB L1 with room in L2 to spare.
     */
    private static final int BAND_BYTES = 32 * 1024;
    /** Caps the scratch array: narrow matrices would otherwise put thousands of rows in a band. */
    private static final int MAX_BAND_ROWS = 64;

    // Lane i of FOLD_MASK_d is set when bit d of i is; FOLD_SWAP_d swaps lanes i and i ^ d. Used
    // with 16 lanes only; the index is masked so that narrower species build them too.
    private static final VectorMask<Float> FOLD_MASK_1 = foldMask(1);
    private static final VectorMask<Float> FOLD_MASK_2 = foldMask(2);
    private static final VectorMask<Float> FOLD_MASK_4 = foldMask(4);
    private static final VectorMask<Float> FOLD_MASK_8 = foldMask(8);
    private static final VectorShuffle<Float> FOLD_SWAP_1 = VectorShuffle.fromOp(F, i -> (i ^ 1) & (L - 1));
    private static final VectorShuffle<Float> FOLD_SWAP_2 = VectorShuffle.fromOp(F, i -> (i ^ 2) & (L - 1));
    private static final VectorShuffle<Float> FOLD_SWAP_4 = VectorShuffle.fromOp(F, i -> (i ^ 4) & (L - 1));
    private static final VectorShuffle<Float> FOLD_SWAP_8 = VectorShuffle.fromOp(F, i -> (i ^ 8) & (L - 1));

    /** {@link #sums}; an array element, so that C2 calls it instead of inlining it. */
    private static final MethodHandle[] SUMS = {
        find(MethodHandles.lookup(), GemmStores.class, "sums",
                MethodType.methodType(void.class, float[].class, int.class, int.class))
    };

    private static volatile int sink;

    private GemmStores() {
    }

    /** Rows per band for rows of {@code rowBytes} stored bytes: a multiple of {@link #TILE_ROWS}. */
    static int bandRows(long rowBytes) {
        long rows = BAND_BYTES / Math.max(1, rowBytes);
        return (int) Math.max(TILE_ROWS, Math.min(MAX_BAND_ROWS, rows - rows % TILE_ROWS));
    }

    /** Scratch floats for a band of {@code bandRows} rows in groups of {@code tileRows}. */
    static int scratch(int bandRows, int tileRows) {
        return (bandRows + tileRows - 1) / tileRows * GROUP;
    }

    /** Inputs the next tile takes when {@code left} remain and tiles take at most {@code most} (4 or 2). */
    static int inputsPerTile(int left, int most) {
        if (left >= 4 && most >= 4) {
            return 4;
        }
        return left >= 2 ? 2 : 1;
    }

    /**
     * The tile kernels {@code tile1}, {@code tile2} and {@code tile4} of {@code owner}, of
     * {@code type}, at the index of their input count.
     */
    static MethodHandle[] tiles(MethodHandles.Lookup lookup, Class<?> owner, MethodType type) {
        MethodHandle[] tiles = new MethodHandle[5];
        for (int k : new int[] {1, 2, 4}) {
            tiles[k] = find(lookup, owner, "tile" + k, type);
        }
        return tiles;
    }

    /**
     * Keeps the sum of touched values alive: without a use, C2 drops the loads. The branch is
     * never taken in practice.
     */
    static void keep(int touched) {
        if (touched == 0x5EED_F00D) {
            sink = touched;
        }
    }

    /**
     * Replaces the accumulators of {@code groups} row groups, {@code k} vectors each (4, 8 or 16),
     * by their lane sums: group {@code g}'s in {@code acc[g * GROUP, g * GROUP + k)}, in order.
     */
    static void laneSums(float[] acc, int groups, int k) {
        try {
            SUMS[0].invokeExact(acc, groups, k);
        } catch (Throwable t) {
            throw unchecked(t);
        }
    }

    /**
     * {@code reduceLanes} adds a vector's lanes one after another on JDK 17 (about 60 ns for 16
     * vectors here). With 16 lanes the vectors of a group are summed together instead, as a
     * transposition (about 20 ns): each fold of two vectors {@code a, b} at distance {@code d}
     * computes {@code a[i] + a[i ^ d]} in the lanes without bit d and {@code b[i] + b[i ^ d]} in
     * the others, so folding pairs at d = 1, 2, 4, 8 leaves lane i holding the sum of vector i.
     * Lane i depends on vector i alone, so a tile of fewer than 16 accumulators goes through the
     * same code: the lanes past its own come from stale scratch and are not read.
     *
     * <p>Written out in full: helper methods taking vectors were not inlined (C2 calls them
     * "too large" when the call is not hot enough) and boxed every vector.
     */
    private static void sums(float[] acc, int groups, int k) {
        for (int g = 0; g < groups; g++) {
            int at = g * GROUP;
            if (L != 16) {
                for (int j = 0; j < k; j++) {
                    // j < j * L, so acc[at + j] never overlaps a vector not yet read
                    acc[at + j] = FloatVector.fromArray(F, acc, at + j * L).reduceLanes(VectorOperators.ADD);
                }
                continue;
            }
            VectorMask<Float> m = FOLD_MASK_1;
            VectorShuffle<Float> s = FOLD_SWAP_1;
            FloatVector a = FloatVector.fromArray(F, acc, at);
            FloatVector b = FloatVector.fromArray(F, acc, at + L);
            FloatVector v0 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            a = FloatVector.fromArray(F, acc, at + 2 * L);
            b = FloatVector.fromArray(F, acc, at + 3 * L);
            FloatVector v1 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            a = FloatVector.fromArray(F, acc, at + 4 * L);
            b = FloatVector.fromArray(F, acc, at + 5 * L);
            FloatVector v2 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            a = FloatVector.fromArray(F, acc, at + 6 * L);
            b = FloatVector.fromArray(F, acc, at + 7 * L);
            FloatVector v3 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            a = FloatVector.fromArray(F, acc, at + 8 * L);
            b = FloatVector.fromArray(F, acc, at + 9 * L);
            FloatVector v4 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            a = FloatVector.fromArray(F, acc, at + 10 * L);
            b = FloatVector.fromArray(F, acc, at + 11 * L);
            FloatVector v5 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            a = FloatVector.fromArray(F, acc, at + 12 * L);
            b = FloatVector.fromArray(F, acc, at + 13 * L);
            FloatVector v6 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            a = FloatVector.fromArray(F, acc, at + 14 * L);
            b = FloatVector.fromArray(F, acc, at + 15 * L);
            FloatVector v7 = a.blend(b, m).add(b.blend(a, m).rearrange(s));
            m = FOLD_MASK_2;
            s = FOLD_SWAP_2;
            v0 = v0.blend(v1, m).add(v1.blend(v0, m).rearrange(s));
            v2 = v2.blend(v3, m).add(v3.blend(v2, m).rearrange(s));
            v4 = v4.blend(v5, m).add(v5.blend(v4, m).rearrange(s));
            v6 = v6.blend(v7, m).add(v7.blend(v6, m).rearrange(s));
            m = FOLD_MASK_4;
            s = FOLD_SWAP_4;
            v0 = v0.blend(v2, m).add(v2.blend(v0, m).rearrange(s));
            v4 = v4.blend(v6, m).add(v6.blend(v4, m).rearrange(s));
            m = FOLD_MASK_8;
            s = FOLD_SWAP_8;
            v0.blend(v4, m).add(v4.blend(v0, m).rearrange(s)).intoArray(acc, at);
        }
    }

    /**
     * Writes the sums of one row group of a tile of {@code inputs} inputs by {@code tileRows} rows,
     * from {@code acc[at]}: sum {@code input * tileRows + row} to {@code out[o + input * rows + row]},
     * for the first {@code valid} rows (a band's short last group repeats its last row to fill up).
     */
    static void store(float[] acc, int at, int inputs, int tileRows, float[] out, int o, int rows, int valid) {
        for (int i = 0; i < inputs; i++) {
            int a = at + i * tileRows;
            int p = o + i * rows;
            for (int j = 0; j < valid; j++) {
                out[p + j] = acc[a + j];
            }
        }
    }

    /** {@link #store} of a {@link #TILE_ROWS}-row tile with each row's sum times {@code scale[scaleAt + row]}. */
    static void storeScaled(float[] acc, int at, int inputs, float[] out, int o, int rows, int valid, float[] scale,
                            int scaleAt) {
        for (int i = 0; i < inputs; i++) {
            int a = at + i * TILE_ROWS;
            int p = o + i * rows;
            for (int j = 0; j < valid; j++) {
                out[p + j] = acc[a + j] * scale[scaleAt + j];
            }
        }
    }

    static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException) {
            return (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
        return new IllegalStateException(t);
    }

    private static MethodHandle find(MethodHandles.Lookup lookup, Class<?> owner, String name, MethodType type) {
        try {
            return lookup.findStatic(owner, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("GEMM kernel " + owner.getSimpleName() + "." + name + type, e);
        }
    }

    private static VectorMask<Float> foldMask(int d) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) {
            bits[i] = (i & d) != 0;
        }
        return VectorMask.fromArray(F, bits, 0);
    }
}
