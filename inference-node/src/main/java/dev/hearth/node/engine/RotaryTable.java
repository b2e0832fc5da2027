package dev.hearth.node.engine;

/**
 * The cosines and sines of rotary position embeddings for every position a model can hold, computed
 * once at start-up so the per-token path does no trigonometry. Pair {@code i} of a head at position
 * {@code p} rotates by {@code p * theta^(-2i / headDim)}.
 */
public final class RotaryTable {
    private final int half;
    private final float[] cos;
    private final float[] sin;

    public RotaryTable(int headDim, int maxSeqLen, float theta) {
        this.half = headDim / 2;
        this.cos = new float[maxSeqLen * half];
        this.sin = new float[maxSeqLen * half];
        for (int p = 0; p < maxSeqLen; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * Math.pow(theta, -(2.0 * i) / headDim);
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    public float[] cos() {
        return cos;
    }

    public float[] sin() {
        return sin;
    }

    /** Index of {@code position}'s first pair in {@link #cos()} and {@link #sin()}. */
    public int offset(int position) {
        return position * half;
    }
}
