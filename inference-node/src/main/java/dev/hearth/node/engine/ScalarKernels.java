package dev.hearth.node.engine;

/** Plain-loop kernels: the reference every faster backend is checked against. */
public final class ScalarKernels implements Kernels {

    @Override
    public void matvec(float[] out, float[] w, float[] x, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            out[r] = dot(w, r * cols, x, 0, cols);
        }
    }

    @Override
    public void rmsnorm(float[] out, float[] x, float[] weight, float eps) {
        int n = weight.length;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[i] * x[i];
        }
        float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * scale * weight[i];
        }
    }

    @Override
    public void softmax(float[] x, int offset, int length) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + length; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            float e = (float) Math.exp(x[i] - max);
            x[i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = offset; i < offset + length; i++) {
            x[i] *= inv;
        }
    }

    @Override
    public void rope(float[] v, int offset, int headDim, float[] cos, float[] sin, int table) {
        for (int i = 0; i < headDim / 2; i++) {
            float c = cos[table + i];
            float s = sin[table + i];
            float a = v[offset + 2 * i];
            float b = v[offset + 2 * i + 1];
            v[offset + 2 * i] = a * c - b * s;
            v[offset + 2 * i + 1] = a * s + b * c;
        }
    }

    @Override
    public void siluMul(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = (float) (g / (1.0 + Math.exp(-g))) * up[i];
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(float[] y, int yOff, float alpha, float[] x, int xOff, int n) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }
}
