package dev.hearth.node.engine;

/**
 * The weights of one transformer block. Projections are row-major {@code [out][in]}, as in Hugging
 * Face checkpoints.
 */
public record LayerWeights(float[] attnNorm, float[] wq, float[] wk, float[] wv, float[] wo,
                           float[] ffnNorm, float[] wGate, float[] wUp, float[] wDown) {

    void checkShape(ModelConfig c, int layer) {
        check(layer, "attn_norm", attnNorm, c.dim());
        check(layer, "q_proj", wq, c.dim() * c.dim());
        check(layer, "k_proj", wk, c.dim() * c.dim());
        check(layer, "v_proj", wv, c.dim() * c.dim());
        check(layer, "o_proj", wo, c.dim() * c.dim());
        check(layer, "ffn_norm", ffnNorm, c.dim());
        check(layer, "gate_proj", wGate, c.hiddenDim() * c.dim());
        check(layer, "up_proj", wUp, c.hiddenDim() * c.dim());
        check(layer, "down_proj", wDown, c.dim() * c.hiddenDim());
    }

    private static void check(int layer, String name, float[] tensor, int expected) {
        if (tensor.length != expected) {
            throw new IllegalArgumentException("layer " + layer + " " + name + " has " + tensor.length
                    + " values, the config needs " + expected);
        }
    }
}
