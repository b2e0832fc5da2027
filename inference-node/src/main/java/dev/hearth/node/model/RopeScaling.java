package dev.hearth.node.model;

/**
 * YaRN context extension as DeepSeek-V3's {@code rope_scaling} gives it ({@code "type": "yarn"}):
 * frequencies below the {@code beta_slow}..{@code beta_fast} correction range are interpolated by
 * {@code factor}, those above are kept, with a linear ramp between; cos/sin and the softmax scale
 * carry the {@code mscale} corrections.
 */
public record RopeScaling(double factor, int originalMaxPositionEmbeddings, double betaFast, double betaSlow,
                          double mscale, double mscaleAllDim) {
}
