package dev.hearth.node.engine;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector species the Vector API backend runs on and the loads that widen stored weights to
 * floats. Everything is a static final so that C2 treats the species as constants; species held in
 * instance fields defeat the intrinsics and every vector ends up boxed on the heap.
 *
 * <p>Narrow weights are loaded with as many lanes as the float species has, so one load feeds one
 * float vector. Below 8 float lanes a byte vector that narrow does not exist (the smallest shape is
 * 64 bits), so the load is wider than the lanes it feeds: a loop may only load at {@code c} while
 * {@code c + SPAN <= end}, never just {@code c + L <= end}.
 */
final class VectorLanes {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = F.withLanes(int.class);
    static final int L = F.length();
    static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, 16 * L)));
    static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, 8 * L)));
    /**
     * Whether the machine likely has 32 vector registers rather than 16: true of every ISA with
     * 512-bit vectors (AVX-512, SVE-512). GEMM blocking that needs 21 registers spills without them.
     */
    static final boolean MANY_REGISTERS = F.vectorBitSize() >= 512;
    /** Elements one bf16 load reads; equals {@link #L} from 4 float lanes up. */
    static final int SHORT_SPAN = S.length();
    /** Elements one fp8 / int8 load reads; equals {@link #L} from 8 float lanes up. */
    static final int BYTE_SPAN = B.length();

    // Vector constants rather than scalar operands: a scalar operand costs C2 a broadcast and an
    // operator check per use, and that counts against the inlining budget explained at fp8().
    /** Sign bit, then the 4 exponent and 3 mantissa bits of e4m3 where a float keeps them (bits 26..20). */
    private static final IntVector FP8_FIELDS = IntVector.broadcast(I, 0x87F0_0000);
    private static final FloatVector TWO_POW_120 = FloatVector.broadcast(F, 0x1p120f); // e4m3 bias 7 -> float 127

    private VectorLanes() {
    }

    static FloatVector f32(float[] a, int off) {
        return FloatVector.fromArray(F, a, off);
    }

    /** bf16 is the top half of a float32: widen, shift into place, reinterpret. */
    static FloatVector bf16(short[] a, int off) {
        IntVector wide = (IntVector) ShortVector.fromArray(S, a, off).convertShape(VectorOperators.S2I, I, 0);
        return wide.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    static FloatVector int8(byte[] a, int off) {
        return (FloatVector) ByteVector.fromArray(B, a, off).convertShape(VectorOperators.B2F, F, 0);
    }

    /**
     * E4M3 decoded with four integer operations and one multiply, no table and no blend. The code,
     * shifted to the top byte and arithmetically back by 4, lands its sign in bit 31, its exponent in
     * the float's low exponent bits and its mantissa at the top of the float's mantissa; clearing the
     * sign-extended bits 30..27 leaves a float equal to the code's value times 2^-120 — subnormal
     * codes (exponent 0) included, as float subnormals, which is exact. The multiply by 2^120 brings
     * every code back to its value (the products stay normal floats). The NaN code 0x7F decodes to 480,
     * which finite weights never contain.
     */
    static FloatVector fp8(byte[] a, int off) {
        IntVector b = (IntVector) ByteVector.fromArray(B, a, off).convertShape(VectorOperators.B2I, I, 0);
        IntVector bits = b.lanewise(VectorOperators.LSHL, 24).lanewise(VectorOperators.ASHR, 4).and(FP8_FIELDS);
        return bits.reinterpretAsFloats().mul(TWO_POW_120);
    }

    /**
     * Reads one element per 64-byte line of {@code a[from, to)} and returns their sum, for
     * {@link GemmStores#keep}: brings a band of weights into cache before a kernel multiplies it.
     *
     * <p>Why: a kernel that does many FMAs per weight byte (a GEMM over several inputs) has few
     * cache misses in flight, as the reorder buffer fills with arithmetic waiting on the oldest
     * one, and the hardware prefetcher did not make up for it: such kernels streamed weights from
     * memory at 4 to 10 GB/s per core, against 24 for this loop. Touching a band first, then
     * multiplying it from cache, made BF16 GEMM of 4 to 8 inputs 1.7 to 1.8 times as fast. Touches
     * spread through the multiplying loop instead were slower than either: they wait in the same
     * reorder buffer. Java has no prefetch instruction, so these are plain reads, kept alive.
     */
    static int touch(short[] a, int from, int to) {
        int s = 0;
        for (int p = from; p < to; p += 32) {
            s += a[p];
        }
        return s;
    }

    /** {@link #touch(short[], int, int)} over bytes. */
    static int touch(byte[] a, int from, int to) {
        int s = 0;
        for (int p = from; p < to; p += 64) {
            s += a[p];
        }
        return s;
    }

    /** {@link #touch(short[], int, int)} over floats. */
    static int touch(float[] a, int from, int to) {
        int s = 0;
        for (int p = from; p < to; p += 16) {
            s += Float.floatToRawIntBits(a[p]);
        }
        return s;
    }

    /** Lane sum of four accumulators, added pairwise. */
    static float sum(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        return a.add(b).add(c.add(d)).reduceLanes(VectorOperators.ADD);
    }
}
