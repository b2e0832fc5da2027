package dev.hearth.node.model.reference;

import dev.hearth.node.model.ModelConfig;

import java.util.function.Function;

/**
 * A float64 oracle for DeepSeek-V3 and Llama forward passes, transcribed from the Hugging Face
 * modelling code ({@code DeepseekV3ForCausalLM}, {@code LlamaForCausalLM}) with routing as DeepSeek's
 * official inference code does it (see {@link ReferenceMoe#route}). It shares nothing with the engine:
 * every operation is a plain loop over double values, every forward pass starts from nothing, and
 * attention is recomputed for each position over all earlier ones. It is slow on purpose and meant
 * for tiny models.
 *
 * <p>Decoder layer (both families): {@code h += attn(input_layernorm(h))},
 * {@code h += mlp(post_attention_layernorm(h))}; then {@code model.norm} and {@code lm_head}
 * ({@code embed_tokens} when {@code tie_word_embeddings}).
 */
public final class ReferenceModel {
    private final ModelConfig config;
    private final ReferenceWeights weights;
    private final ReferenceRotary rotary;

    /** tensors: Hugging Face tensor name -> dequantized row-major float values (throws if missing). */
    public ReferenceModel(ModelConfig config, Function<String, float[]> tensors) {
        this.config = config;
        this.weights = new ReferenceWeights(tensors);
        if (config.isDeepSeek()) {
            rotary = ReferenceRotary.of(config.qkRopeHeadDim(), config.ropeTheta(), config.ropeScaling());
        } else {
            // Llama's rope types other than the default (llama3, yarn, ...) have their own formulas; the
            // config record only describes DeepSeek's YaRN, so refuse rather than guess.
            if (config.ropeScaling() != null) {
                throw new IllegalArgumentException("the Llama reference supports only unscaled rope");
            }
            rotary = ReferenceRotary.plain(config.headDim(), config.ropeTheta());
        }
    }

    /** Full causal forward over the whole sequence (no KV cache, attention recomputed naively), returns logits[position][vocab] in double. */
    public double[][] logits(int[] tokens) {
        int seq = tokens.length;
        int hidden = config.hiddenSize();
        int vocab = config.vocabSize();
        float[] embed = weights.matrix("model.embed_tokens.weight", vocab, hidden);

        double[][] h = new double[seq][hidden];
        for (int t = 0; t < seq; t++) {
            if (tokens[t] < 0 || tokens[t] >= vocab) {
                throw new IllegalArgumentException("token " + tokens[t] + " outside vocabulary of " + vocab);
            }
            for (int d = 0; d < hidden; d++) {
                h[t][d] = embed[tokens[t] * hidden + d];
            }
        }

        for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
            h = decoderLayer(layer, h);
        }

        float[] finalNorm = weights.vector("model.norm.weight", hidden);
        float[] head = config.tieWordEmbeddings() ? embed : weights.matrix("lm_head.weight", vocab, hidden);
        double[][] logits = new double[seq][];
        for (int t = 0; t < seq; t++) {
            logits[t] = ReferenceMath.matVec(head, vocab, hidden, ReferenceMath.rmsNorm(h[t], finalNorm, config.rmsNormEps()));
        }
        return logits;
    }

    /** For tests of routing: the routed experts chosen (sorted ascending) and their final weights for one hidden state at one MoE layer's gate (after norm + scaling). */
    public RoutedExperts route(int layer, double[] hiddenAfterNorm) {
        if (!config.isMoeLayer(layer)) {
            throw new IllegalArgumentException("layer " + layer + " is not a mixture-of-experts layer");
        }
        if (hiddenAfterNorm.length != config.hiddenSize()) {
            throw new IllegalArgumentException("hidden state of " + hiddenAfterNorm.length + " for hidden size "
                    + config.hiddenSize());
        }
        return ReferenceMoe.route(config, weights, layer, hiddenAfterNorm);
    }

    private double[][] decoderLayer(int layer, double[][] h) {
        String p = "model.layers." + layer + ".";
        int seq = h.length;
        int hidden = config.hiddenSize();
        double eps = config.rmsNormEps();

        float[] inputNorm = weights.vector(p + "input_layernorm.weight", hidden);
        double[][] normed = new double[seq][];
        for (int t = 0; t < seq; t++) {
            normed[t] = ReferenceMath.rmsNorm(h[t], inputNorm, eps);
        }
        double[][] attn = config.isDeepSeek()
                ? ReferenceAttention.deepSeek(config, weights, layer, rotary, normed)
                : ReferenceAttention.llama(config, weights, layer, rotary, normed);

        float[] postNorm = weights.vector(p + "post_attention_layernorm.weight", hidden);
        double[][] out = new double[seq][];
        for (int t = 0; t < seq; t++) {
            double[] residual = ReferenceMath.add(h[t], attn[t]);
            double[] x = ReferenceMath.rmsNorm(residual, postNorm, eps);
            double[] mlp = config.isMoeLayer(layer)
                    ? ReferenceMoe.forward(config, weights, layer, x)
                    : ReferenceMoe.mlp(weights, p + "mlp.", config.intermediateSize(), hidden, x);
            out[t] = ReferenceMath.add(residual, mlp);
        }
        return out;
    }
}
