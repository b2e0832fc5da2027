package dev.hearth.node.model.reference;

import dev.hearth.node.model.RopeScaling;

/**
 * Rotary position embedding as the Hugging Face modelling code computes it.
 *
 * <p>Plain rope ({@code DeepseekV3RotaryEmbedding}, {@code LlamaRotaryEmbedding} with the default
 * rope type): {@code inv_freq[i] = theta^(-2i/dim)}. YaRN ({@code DeepseekV3YarnRotaryEmbedding}):
 * the frequencies are blended between the original ({@code freq_extra}) and the interpolated
 * ({@code freq_inter = freq_extra / factor}) ones by {@code yarn_linear_ramp_mask} over the
 * correction range, and cos/sin are multiplied by
 * {@code yarn_get_mscale(factor, mscale) / yarn_get_mscale(factor, mscale_all_dim)}.
 *
 * <p>The HF tables are {@code emb = cat(freqs, freqs)}, so lane {@code j} and lane {@code j + dim/2}
 * share frequency {@code j}, and rotation is {@code x * cos + rotate_half(x) * sin}. The angle is
 * computed here in double ({@code position * inv_freq}); HF computes it in float32.
 */
final class ReferenceRotary {
    private final int dim;
    private final double[] invFreq;
    private final double cosSinScale;

    private ReferenceRotary(int dim, double[] invFreq, double cosSinScale) {
        this.dim = dim;
        this.invFreq = invFreq;
        this.cosSinScale = cosSinScale;
    }

    /** Plain rope over {@code dim} lanes with base {@code theta}. */
    static ReferenceRotary plain(int dim, double theta) {
        requireEven(dim);
        double[] inv = new double[dim / 2];
        for (int i = 0; i < dim / 2; i++) {
            // 1 / base^(arange(0, dim, 2) / dim): the exponent is the even lane index over dim
            inv[i] = 1.0 / Math.pow(theta, (2.0 * i) / dim);
        }
        return new ReferenceRotary(dim, inv, 1.0);
    }

    /** {@code DeepseekV3YarnRotaryEmbedding._set_cos_sin_cache}, or plain rope when scaling is null. */
    static ReferenceRotary of(int dim, double theta, RopeScaling scaling) {
        if (scaling == null) {
            return plain(dim, theta);
        }
        requireEven(dim);
        int half = dim / 2;
        double[] range = yarnFindCorrectionRange(scaling.betaFast(), scaling.betaSlow(), dim, theta,
                scaling.originalMaxPositionEmbeddings());
        double[] ramp = yarnLinearRampMask(range[0], range[1], half);
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            double freqExtra = 1.0 / Math.pow(theta, (2.0 * i) / dim);
            double freqInter = 1.0 / (scaling.factor() * Math.pow(theta, (2.0 * i) / dim));
            // inv_freq_mask = 1 - ramp: 1 keeps the original frequency (high-frequency lanes below
            // the correction range), 0 takes the interpolated one (low-frequency lanes above it)
            double invFreqMask = 1.0 - ramp[i];
            inv[i] = freqInter * (1 - invFreqMask) + freqExtra * invFreqMask;
        }
        double scale = yarnGetMscale(scaling.factor(), scaling.mscale())
                / yarnGetMscale(scaling.factor(), scaling.mscaleAllDim());
        return new ReferenceRotary(dim, inv, scale);
    }

    /** {@code yarn_find_correction_dim}: the lane whose wavelength fits {@code numRotations} times in the original context. */
    static double yarnFindCorrectionDim(double numRotations, int dim, double base, int maxPositionEmbeddings) {
        return (dim * Math.log(maxPositionEmbeddings / (numRotations * 2 * Math.PI))) / (2 * Math.log(base));
    }

    /** {@code yarn_find_correction_range}: floor of the low bound, ceil of the high, clamped to {@code [0, dim-1]}. */
    static double[] yarnFindCorrectionRange(double lowRot, double highRot, int dim, double base,
                                            int maxPositionEmbeddings) {
        double low = Math.floor(yarnFindCorrectionDim(lowRot, dim, base, maxPositionEmbeddings));
        double high = Math.ceil(yarnFindCorrectionDim(highRot, dim, base, maxPositionEmbeddings));
        return new double[]{Math.max(low, 0), Math.min(high, dim - 1)};
    }

    /** {@code yarn_linear_ramp_mask}: {@code clamp((i - min) / (max - min), 0, 1)}, with max nudged when equal. */
    static double[] yarnLinearRampMask(double min, double max, int dim) {
        if (min == max) {
            max += 0.001; // as HF: prevents a division by zero
        }
        double[] ramp = new double[dim];
        for (int i = 0; i < dim; i++) {
            double linear = (i - min) / (max - min);
            ramp[i] = Math.min(1.0, Math.max(0.0, linear));
        }
        return ramp;
    }

    /** {@code yarn_get_mscale}: {@code 0.1 * mscale * ln(scale) + 1}, or 1 when not extending. */
    static double yarnGetMscale(double scale, double mscale) {
        if (scale <= 1) {
            return 1.0;
        }
        return 0.1 * mscale * Math.log(scale) + 1.0;
    }

    int dim() {
        return dim;
    }

    /** A copy of {@code inv_freq}, for tests. */
    double[] inverseFrequencies() {
        return invFreq.clone();
    }

    /** The factor on cos and sin (1 for plain rope). */
    double cosSinScale() {
        return cosSinScale;
    }

    /** {@code cos_cached[position]}: {@code cos(cat(freqs, freqs)) * mscale}, {@code dim} lanes. */
    double[] cos(int position) {
        double[] c = new double[dim];
        for (int j = 0; j < dim; j++) {
            c[j] = Math.cos(position * invFreq[j % (dim / 2)]) * cosSinScale;
        }
        return c;
    }

    /** {@code sin_cached[position]}, as {@link #cos}. */
    double[] sin(int position) {
        double[] s = new double[dim];
        for (int j = 0; j < dim; j++) {
            s[j] = Math.sin(position * invFreq[j % (dim / 2)]) * cosSinScale;
        }
        return s;
    }

    /** {@code rotate_half}: {@code cat(-x2, x1)} over the two halves. */
    static double[] rotateHalf(double[] x) {
        int half = x.length / 2;
        double[] y = new double[x.length];
        for (int j = 0; j < half; j++) {
            y[j] = -x[j + half];
            y[j + half] = x[j];
        }
        return y;
    }

    /** Llama's {@code apply_rotary_pos_emb}: {@code x * cos + rotate_half(x) * sin}. */
    double[] applyHalves(double[] x, int position) {
        if (x.length != dim) {
            throw new IllegalArgumentException("rotary input " + x.length + " for dim " + dim);
        }
        double[] c = cos(position);
        double[] s = sin(position);
        double[] r = rotateHalf(x);
        double[] y = new double[dim];
        for (int j = 0; j < dim; j++) {
            y[j] = x[j] * c[j] + r[j] * s[j];
        }
        return y;
    }

    /**
     * The permutation DeepSeek's {@code apply_rotary_pos_emb} applies before rotating:
     * {@code x.view(d/2, 2).transpose(-1, -2).reshape(d)}, so lane {@code 2i} goes to {@code i} and lane
     * {@code 2i+1} to {@code i + d/2}. The checkpoint stores rotary lanes interleaved (as DeepSeek's own
     * inference code, which rotates adjacent pairs as complex numbers, expects); this turns them into
     * the halves layout that {@code rotate_half} works on.
     */
    static double[] interleavedToHalves(double[] x) {
        int half = x.length / 2;
        double[] y = new double[x.length];
        for (int i = 0; i < half; i++) {
            y[i] = x[2 * i];
            y[i + half] = x[2 * i + 1];
        }
        return y;
    }

    /**
     * DeepSeek's {@code apply_rotary_pos_emb}: permute, then rotate. The result stays in the halves
     * layout, as in HF; queries and keys both get it, so their dot products are those of rotating the
     * adjacent pairs {@code (2i, 2i+1)} by frequency {@code i} in place.
     */
    double[] applyDeepSeek(double[] x, int position) {
        return applyHalves(interleavedToHalves(x), position);
    }

    private static void requireEven(int dim) {
        if (dim <= 0 || dim % 2 != 0) {
            throw new IllegalArgumentException("rotary dim must be positive and even, was " + dim);
        }
    }
}
