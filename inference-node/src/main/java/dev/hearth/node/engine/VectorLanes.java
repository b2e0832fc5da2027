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
    private static final IntVector LOW_7_BITS = IntVector.broadcast(I, 0x7F);
    private static final IntVector SIGN_BIT = IntVector.broadcast(I, 0x8000_0000);
    private static final IntVector EIGHT = IntVector.broadcast(I, 8);
    private static final IntVector FP8_REBIAS = IntVector.broadcast(I, 120 << 23); // e4m3 bias 7 -> float 127
    private static final IntVector ONE_EXPONENT = IntVector.broadcast(I, 1 << 23);
    private static final FloatVector SMALLEST_NORMAL = FloatVector.broadcast(F, 0x1p-6f); // of e4m3

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
     * E4M3 decoded with bit operations instead of a table (a gather is slower than this arithmetic).
     * A normal code's exponent and mantissa bits are the float's, shifted and rebiased. A subnormal
     * code (exponent 0) is mantissa * 2^-9: the same bits one exponent higher read 2^-6 * (1 + m/8),
     * and subtracting 2^-6 leaves it exactly. The sign-extending widening leaves bit 7 in bit 31.
     * The NaN code 0x7F decodes to 480, which finite weights never contain.
     *
     * <p>Every Vector API call inlines a deep tree of methods, and C2 stops inlining a method past a
     * node budget (a vector left un-inlined is boxed, 20 times slower), so this avoids the costliest
     * calls: the int-to-float conversion and the float-domain mask.
     */
    static FloatVector fp8(byte[] a, int off) {
        IntVector b = (IntVector) ByteVector.fromArray(B, a, off).convertShape(VectorOperators.B2I, I, 0);
        IntVector m = b.and(LOW_7_BITS);
        IntVector normal = m.lanewise(VectorOperators.LSHL, 20).add(FP8_REBIAS);
        IntVector subnormal = normal.add(ONE_EXPONENT).reinterpretAsFloats().sub(SMALLEST_NORMAL).reinterpretAsInts();
        return normal.blend(subnormal, m.lt(EIGHT)).or(b.and(SIGN_BIT)).reinterpretAsFloats();
    }

    /** Lane sum of four accumulators, added pairwise. */
    static float sum(FloatVector a, FloatVector b, FloatVector c, FloatVector d) {
        return a.add(b).add(c.add(d)).reduceLanes(VectorOperators.ADD);
    }
}
