package dev.hearth.node.model;

/**
 * Cosines and sines of the rotary embedding for every position of the served context, computed once
 * so the per-token path does no trigonometry. With DeepSeek's YaRN {@code rope_scaling}, frequencies
 * are blended between interpolated ({@code / factor}) and original by a linear ramp over the
 * correction range given by {@code beta_fast}/{@code beta_slow}, and cos/sin carry the mscale ratio —
 * as in the published {@code DeepseekV3YarnRotaryEmbedding}.
 */
public final class Rotary {
    private final int half;
    private final float[] cos;
    private final float[] sin;

    public Rotary(ModelConfig config, int contextLength) {
        int dim = config.rotaryDim();
        this.half = dim / 2;
        double[] invFreq = inverseFrequencies(dim, config.ropeTheta(), config.ropeScaling());
        RopeScaling rs = config.ropeScaling();
        double magnitude = rs == null ? 1 : mscale(rs.factor(), rs.mscale()) / mscale(rs.factor(), rs.mscaleAllDim());
        this.cos = new float[contextLength * half];
        this.sin = new float[contextLength * half];
        for (int p = 0; p < contextLength; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                cos[p * half + i] = (float) (Math.cos(angle) * magnitude);
                sin[p * half + i] = (float) (Math.sin(angle) * magnitude);
            }
        }
    }

    static double[] inverseFrequencies(int dim, double theta, RopeScaling rs) {
        int half = dim / 2;
        double[] extrapolated = new double[half];
        for (int i = 0; i < half; i++) {
            extrapolated[i] = 1.0 / Math.pow(theta, (2.0 * i) / dim);
        }
        if (rs == null) {
            return extrapolated;
        }
        double low = Math.max(Math.floor(correctionDim(rs.betaFast(), dim, theta, rs.originalMaxPositionEmbeddings())), 0);
        double high = Math.min(Math.ceil(correctionDim(rs.betaSlow(), dim, theta, rs.originalMaxPositionEmbeddings())),
                dim - 1);
        if (low == high) {
            high += 0.001; // avoids a zero-width ramp
        }
        double[] blended = new double[half];
        for (int i = 0; i < half; i++) {
            double ramp = Math.min(1, Math.max(0, (i - low) / (high - low)));
            double keep = 1 - ramp; // 1: keep the original frequency (fast-rotating dims)
            blended[i] = extrapolated[i] / rs.factor() * (1 - keep) + extrapolated[i] * keep;
        }
        return blended;
    }

    /** Dimension index whose wavelength makes {@code rotations} turns over the original context. */
    private static double correctionDim(double rotations, int dim, double theta, int originalMax) {
        return dim * Math.log(originalMax / (rotations * 2 * Math.PI)) / (2 * Math.log(theta));
    }

    /** YaRN's attention temperature: {@code 0.1 * m * ln(scale) + 1} for scale > 1. */
    public static double mscale(double scale, double m) {
        return scale <= 1 ? 1.0 : 0.1 * m * Math.log(scale) + 1.0;
    }

    /**
     * The softmax scale of attention: {@code 1/sqrt(qk head dim)}, times {@code mscale(factor,
     * mscale_all_dim)^2} when YaRN is on (DeepSeek-V3's long-context correction).
     */
    public static float attentionScale(ModelConfig c) {
        int width = c.isDeepSeek() ? c.qkHeadDim() : c.headDim();
        double scale = 1.0 / Math.sqrt(width);
        RopeScaling rs = c.ropeScaling();
        if (rs != null && rs.mscaleAllDim() != 0) {
            double m = mscale(rs.factor(), rs.mscaleAllDim());
            scale *= m * m;
        }
        return (float) scale;
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

    public int contextLength() {
        return cos.length / Math.max(1, half);
    }
}
