package dev.hearth.node.engine;

import static dev.hearth.node.engine.VectorLanes.F;
import static dev.hearth.node.engine.VectorLanes.L;
import static dev.hearth.node.engine.VectorLanes.f32;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The element-wise kernels of {@link VectorKernels}: normalisation, softmax, rotary, SwiGLU, axpy. */
final class VectorPointwise {
    private VectorPointwise() {
    }

    static void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        double ss = F32VectorKernels.dot(x, xOff, x, xOff, n);
        float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
        FloatVector s = FloatVector.broadcast(F, scale);
        int i = 0;
        for (; i + L <= n; i += L) {
            f32(x, xOff + i).mul(s).mul(f32(weight, i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = x[xOff + i] * scale * weight[i];
        }
    }

    /**
     * Vector max and normalisation; the exponentials use the Vector API's EXP (an intrinsic on x86
     * and AArch64, within an ulp or two of Math.exp). Each vector's exponentials are summed into a
     * double so that a vocabulary-long row loses no precision in the sum.
     */
    static void softmax(float[] x, int offset, int length) {
        int end = offset + length;
        FloatVector mv = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = offset;
        for (; i + L <= end; i += L) {
            mv = mv.max(f32(x, i));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; i < end; i++) {
            max = Math.max(max, x[i]);
        }
        FloatVector m = FloatVector.broadcast(F, max);
        double sum = 0;
        i = offset;
        for (; i + L <= end; i += L) {
            FloatVector e = f32(x, i).sub(m).lanewise(VectorOperators.EXP);
            e.intoArray(x, i);
            sum += e.reduceLanes(VectorOperators.ADD);
        }
        for (; i < end; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        FloatVector iv = FloatVector.broadcast(F, inv);
        i = offset;
        for (; i + L <= end; i += L) {
            f32(x, i).mul(iv).intoArray(x, i);
        }
        for (; i < end; i++) {
            x[i] *= inv;
        }
    }

    /**
     * Pairs are adjacent here, so a vector form needs lane shuffles; at head dimensions of 64 the
     * scalar loop is cheaper than the attention around it.
     */
    static void ropeInterleaved(float[] v, int offset, int dim, float[] cos, float[] sin, int table) {
        for (int i = 0; i < dim / 2; i++) {
            int a = offset + 2 * i;
            float c = cos[table + i];
            float s = sin[table + i];
            float x0 = v[a];
            float x1 = v[a + 1];
            v[a] = x0 * c - x1 * s;
            v[a + 1] = x0 * s + x1 * c;
        }
    }

    /** Same rounding as the scalar rotation (no FMA), so both backends agree exactly. */
    static void ropeHalves(float[] v, int offset, int dim, float[] cos, float[] sin, int table) {
        int half = dim / 2;
        int i = 0;
        for (; i + L <= half; i += L) {
            FloatVector a = f32(v, offset + i);
            FloatVector b = f32(v, offset + half + i);
            FloatVector c = f32(cos, table + i);
            FloatVector s = f32(sin, table + i);
            a.mul(c).sub(b.mul(s)).intoArray(v, offset + i);
            a.mul(s).add(b.mul(c)).intoArray(v, offset + half + i);
        }
        for (; i < half; i++) {
            float a = v[offset + i];
            float b = v[offset + half + i];
            float c = cos[table + i];
            float s = sin[table + i];
            v[offset + i] = a * c - b * s;
            v[offset + half + i] = a * s + b * c;
        }
    }

    static void siluMul(float[] gate, int gOff, float[] up, int uOff, int n) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector g = f32(gate, gOff + i);
            g.div(g.neg().lanewise(VectorOperators.EXP).add(1f)).mul(f32(up, uOff + i)).intoArray(gate, gOff + i);
        }
        for (; i < n; i++) {
            float g = gate[gOff + i];
            gate[gOff + i] = (float) (g / (1.0 + Math.exp(-g))) * up[uOff + i];
        }
    }

    static void axpy(float[] y, int yOff, float alpha, float[] x, int xOff, int n) {
        FloatVector a = FloatVector.broadcast(F, alpha);
        int i = 0;
        for (; i + L <= n; i += L) {
            f32(x, xOff + i).fma(a, f32(y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }
}
