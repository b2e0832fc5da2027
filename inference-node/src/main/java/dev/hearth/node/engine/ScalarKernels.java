package dev.hearth.node.engine;

/** Plain-loop kernels, single-threaded: the reference every faster backend is checked against. */
public final class ScalarKernels implements Kernels {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public void matvec(Matrix w, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff) {
        int cols = w.cols();
        if (w instanceof F32Matrix m) {
            for (int i = 0; i < rowCount; i++) {
                out[outOff + i] = dot(m.data(), (rowStart + i) * cols, x, xOff, cols);
            }
        } else if (w instanceof Bf16Matrix m) {
            short[] d = m.data();
            for (int i = 0; i < rowCount; i++) {
                int base = (rowStart + i) * cols;
                float sum = 0f;
                for (int c = 0; c < cols; c++) {
                    sum += Float.intBitsToFloat(d[base + c] << 16) * x[xOff + c];
                }
                out[outOff + i] = sum;
            }
        } else if (w instanceof Fp8Matrix m) {
            byte[] d = m.data();
            for (int i = 0; i < rowCount; i++) {
                int r = rowStart + i;
                int base = r * cols;
                int scaleRow = (r / Fp8Matrix.BLOCK) * m.blockCols();
                float sum = 0f;
                for (int c0 = 0; c0 < cols; c0 += Fp8Matrix.BLOCK) {
                    int end = Math.min(cols, c0 + Fp8Matrix.BLOCK);
                    float block = 0f;
                    for (int c = c0; c < end; c++) {
                        block += Fp8E4m3.toFloat(d[base + c]) * x[xOff + c];
                    }
                    sum += block * m.scaleInv()[scaleRow + c0 / Fp8Matrix.BLOCK];
                }
                out[outOff + i] = sum;
            }
        } else {
            Int8Matrix m = (Int8Matrix) w;
            byte[] d = m.data();
            for (int i = 0; i < rowCount; i++) {
                int r = rowStart + i;
                int base = r * cols;
                float sum = 0f;
                for (int c = 0; c < cols; c++) {
                    sum += d[base + c] * x[xOff + c];
                }
                out[outOff + i] = sum * m.scale()[r];
            }
        }
    }

    @Override
    public void vecmat(Matrix w, int rowStart, int rowCount, float[] x, int xOff, float[] out, int outOff) {
        int cols = w.cols();
        java.util.Arrays.fill(out, outOff, outOff + cols, 0f);
        for (int i = 0; i < rowCount; i++) {
            float xi = x[xOff + i];
            for (int c = 0; c < cols; c++) {
                out[outOff + c] += xi * w.get(rowStart + i, c);
            }
        }
    }

    @Override
    public void matmul(Matrix w, float[] x, int n, float[] out) {
        for (int i = 0; i < n; i++) {
            matvec(w, 0, w.rows(), x, i * w.cols(), out, i * w.rows());
        }
    }

    @Override
    public void rmsnorm(float[] out, int outOff, float[] x, int xOff, float[] weight, int n, float eps) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[xOff + i] * x[xOff + i];
        }
        float scale = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) {
            out[outOff + i] = x[xOff + i] * scale * weight[i];
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
    public void ropeInterleaved(float[] v, int offset, int dim, float[] cos, float[] sin, int table) {
        for (int i = 0; i < dim / 2; i++) {
            rotate(v, offset + 2 * i, offset + 2 * i + 1, cos[table + i], sin[table + i]);
        }
    }

    @Override
    public void ropeHalves(float[] v, int offset, int dim, float[] cos, float[] sin, int table) {
        int half = dim / 2;
        for (int i = 0; i < half; i++) {
            rotate(v, offset + i, offset + i + half, cos[table + i], sin[table + i]);
        }
    }

    private static void rotate(float[] v, int ia, int ib, float c, float s) {
        float a = v[ia];
        float b = v[ib];
        v[ia] = a * c - b * s;
        v[ib] = a * s + b * c;
    }

    @Override
    public void siluMul(float[] gate, int gOff, float[] up, int uOff, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[gOff + i];
            gate[gOff + i] = (float) (g / (1.0 + Math.exp(-g))) * up[uOff + i];
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
