package dev.hearth.node.engine;

import java.util.SplittableRandom;

/** The four weight formats, each able to build a random matrix straight from its record constructor. */
enum MatrixFormat {
    F32 {
        @Override
        Matrix random(int rows, int cols, SplittableRandom rnd) {
            float[] d = new float[rows * cols];
            for (int i = 0; i < d.length; i++) {
                d[i] = (float) rnd.nextDouble(-1, 1);
            }
            return new F32Matrix(rows, cols, d);
        }
    },
    BF16 {
        @Override
        Matrix random(int rows, int cols, SplittableRandom rnd) {
            short[] d = new short[rows * cols];
            for (int i = 0; i < d.length; i++) {
                d[i] = (short) (Float.floatToIntBits((float) rnd.nextDouble(-1, 1)) >>> 16);
            }
            return new Bf16Matrix(rows, cols, d);
        }
    },
    /** Every non-NaN code, subnormals and ±0 included, with a different scale in every block. */
    FP8 {
        @Override
        Matrix random(int rows, int cols, SplittableRandom rnd) {
            byte[] d = new byte[rows * cols];
            for (int i = 0; i < d.length; i++) {
                d[i] = randomNonNanFp8(rnd);
            }
            float[] scale = new float[Fp8Matrix.blockCount(rows) * Fp8Matrix.blockCount(cols)];
            for (int i = 0; i < scale.length; i++) {
                scale[i] = (float) rnd.nextDouble(1e-3, 4e-3);
            }
            return new Fp8Matrix(rows, cols, d, scale);
        }
    },
    INT8 {
        @Override
        Matrix random(int rows, int cols, SplittableRandom rnd) {
            byte[] d = new byte[rows * cols];
            for (int i = 0; i < d.length; i++) {
                d[i] = (byte) rnd.nextInt(-128, 128);
            }
            float[] scale = new float[rows];
            for (int i = 0; i < rows; i++) {
                scale[i] = (float) rnd.nextDouble(1e-3, 1e-2);
            }
            return new Int8Matrix(rows, cols, d, scale);
        }
    };

    abstract Matrix random(int rows, int cols, SplittableRandom rnd);

    static byte randomNonNanFp8(SplittableRandom rnd) {
        while (true) {
            int b = rnd.nextInt(256);
            if ((b & 0x7F) != 0x7F) {
                return (byte) b;
            }
        }
    }

    static float[] randomVector(int n, SplittableRandom rnd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }
}
