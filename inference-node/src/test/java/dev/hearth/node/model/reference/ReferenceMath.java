package dev.hearth.node.model.reference;

/**
 * The few numeric primitives the reference needs, in double precision and written as plainly as
 * possible: no blocking, no vectorisation, no reuse of buffers. Speed does not matter here; being
 * obviously right does.
 */
final class ReferenceMath {
    private ReferenceMath() {
    }

    /**
     * {@code y = W x} for a row-major {@code [rows, cols]} weight, as {@code nn.Linear} without bias
     * computes {@code x @ W.T}. Accumulates in double so the reference carries no float32 rounding.
     */
    static double[] matVec(float[] w, int rows, int cols, double[] x) {
        if (x.length != cols || w.length != (long) rows * cols) {
            throw new IllegalArgumentException("matVec shape: weight " + w.length + " for [" + rows + ", " + cols
                    + "], input " + x.length);
        }
        double[] y = new double[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                sum += w[base + c] * x[c];
            }
            y[r] = sum;
        }
        return y;
    }

    /** DeepseekV3RMSNorm / LlamaRMSNorm: {@code w * x * rsqrt(mean(x^2) + eps)}. */
    static double[] rmsNorm(double[] x, float[] w, double eps) {
        if (w.length != x.length) {
            throw new IllegalArgumentException("rmsNorm: weight " + w.length + " for input " + x.length);
        }
        double meanSquare = 0;
        for (double v : x) {
            meanSquare += v * v;
        }
        meanSquare /= x.length;
        double inv = 1.0 / Math.sqrt(meanSquare + eps);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = w[i] * (x[i] * inv);
        }
        return y;
    }

    static double dot(double[] a, int aOffset, double[] b, int bOffset, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[aOffset + i] * b[bOffset + i];
        }
        return sum;
    }

    /** SiLU, the {@code hidden_act} of both families: {@code x * sigmoid(x)}. */
    static double silu(double x) {
        return x * sigmoid(x);
    }

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * Softmax in place. Subtracting the maximum changes nothing mathematically and keeps exp from
     * overflowing for large scores.
     */
    static void softmaxInPlace(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.exp(v[i] - max);
            sum += v[i];
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= sum;
        }
    }

    static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + b[i];
        }
        return y;
    }

    /** The gated MLP of both families and of every DeepSeek expert: {@code down(silu(gate x) * up x)}. */
    static double[] gatedMlp(float[] gate, float[] up, float[] down, int intermediate, int hidden, double[] x) {
        double[] g = matVec(gate, intermediate, hidden, x);
        double[] u = matVec(up, intermediate, hidden, x);
        double[] act = new double[intermediate];
        for (int i = 0; i < intermediate; i++) {
            act[i] = silu(g[i]) * u[i];
        }
        return matVec(down, hidden, intermediate, act);
    }
}
