package dev.hearth.node.model;

import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.Matrix;

/**
 * The decoder stack shared by DeepSeek-V3 and Llama: embed, then per layer RMSNorm → attention →
 * residual → RMSNorm → feed-forward → residual, then the final norm and the LM head. The attention
 * (MLA or GQA) and feed-forward (dense or MoE) of each layer come from its weights.
 */
public final class DecoderModel implements LanguageModel {
    /** Prefill works on chunks of at most this many tokens, bounding its temporary memory. */
    static final int PREFILL_CHUNK = 128;

    private final ModelConfig c;
    private final ModelWeights weights;
    private final Kernels k;
    private final int contextLength;
    private final Attention attention;
    private final FeedForward feedForward;
    private final float eps;

    public DecoderModel(ModelWeights weights, Kernels kernels, int contextLength) {
        this.c = weights.config();
        if (contextLength < 1 || contextLength > c.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("context length " + contextLength + " must be between 1 and "
                    + "max_position_embeddings " + c.maxPositionEmbeddings());
        }
        this.weights = weights;
        this.k = kernels;
        this.contextLength = contextLength;
        Rotary rotary = new Rotary(c, contextLength);
        this.attention = c.isDeepSeek() ? new MlaAttention(c, kernels, rotary) : new GqaAttention(c, kernels, rotary);
        this.feedForward = new FeedForward(c, kernels);
        this.eps = (float) c.rmsNormEps();
    }

    /** A model of {@code config} with generated weights held in memory (tests, the local fleet). */
    public static DecoderModel generated(ModelConfig config, long seed, Kernels kernels, int contextLength) {
        return new DecoderModel(ModelWeights.load(config, new GeneratedWeights(config, seed)), kernels, contextLength);
    }

    @Override
    public ModelConfig config() {
        return c;
    }

    @Override
    public ModelWeights weights() {
        return weights;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public Sequence newSequence() {
        return new ModelSequence(c, contextLength);
    }

    @Override
    public float[] decode(Sequence sequence, int token) {
        ModelSequence s = (ModelSequence) sequence;
        s.ensureRoom(1);
        checkToken(token);
        Workspace w = s.work;
        int pos = s.length;
        int hidden = c.hiddenSize();
        embed(token, w.x, 0);
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            LayerWeights layer = weights.layers().get(l);
            k.rmsnorm(w.xb, 0, w.x, 0, layer.inputNorm(), hidden, eps);
            attention.decode(layer, s.cache[l], s.width, pos, w);
            k.axpy(w.x, 0, 1f, w.out, 0, hidden);
            k.rmsnorm(w.xb, 0, w.x, 0, layer.postAttentionNorm(), hidden, eps);
            feedForward.decode(layer, w);
            k.axpy(w.x, 0, 1f, w.out, 0, hidden);
        }
        s.length = pos + 1;
        k.rmsnorm(w.xb, 0, w.x, 0, weights.finalNorm(), hidden, eps);
        k.matvec(weights.lmHead(), w.xb, 0, w.logits, 0);
        return w.logits;
    }

    @Override
    public float[] prefill(Sequence sequence, int[] tokens) {
        ModelSequence s = (ModelSequence) sequence;
        if (tokens.length == 0) {
            throw new IllegalArgumentException("prefill needs at least one token");
        }
        s.ensureRoom(tokens.length);
        for (int token : tokens) {
            checkToken(token);
        }
        int hidden = c.hiddenSize();
        for (int from = 0; from < tokens.length; from += PREFILL_CHUNK) {
            int n = Math.min(PREFILL_CHUNK, tokens.length - from);
            float[] x = new float[n * hidden];
            for (int t = 0; t < n; t++) {
                embed(tokens[from + t], x, t * hidden);
            }
            float[] xn = new float[n * hidden];
            float[] out = new float[n * hidden];
            for (int l = 0; l < c.numHiddenLayers(); l++) {
                LayerWeights layer = weights.layers().get(l);
                normRows(x, xn, layer.inputNorm(), n);
                attention.prefill(layer, s.cache[l], s.width, s.length, n, xn, out);
                k.axpy(x, 0, 1f, out, 0, n * hidden);
                normRows(x, xn, layer.postAttentionNorm(), n);
                feedForward.prefill(layer, n, xn, out);
                k.axpy(x, 0, 1f, out, 0, n * hidden);
            }
            s.length += n;
            if (from + n == tokens.length) {
                Workspace w = s.work;
                k.rmsnorm(w.xb, 0, x, (n - 1) * hidden, weights.finalNorm(), hidden, eps);
                k.matvec(weights.lmHead(), w.xb, 0, w.logits, 0);
            }
        }
        return s.work.logits;
    }

    private void normRows(float[] x, float[] xn, float[] weight, int n) {
        int hidden = c.hiddenSize();
        for (int t = 0; t < n; t++) {
            k.rmsnorm(xn, t * hidden, x, t * hidden, weight, hidden, eps);
        }
    }

    private void embed(int token, float[] out, int off) {
        Matrix e = weights.embedding();
        int hidden = c.hiddenSize();
        if (e instanceof F32Matrix f) {
            System.arraycopy(f.data(), token * hidden, out, off, hidden);
        } else {
            for (int i = 0; i < hidden; i++) {
                out[off + i] = e.get(token, i);
            }
        }
    }

    private void checkToken(int token) {
        if (token < 0 || token >= c.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " is outside the vocabulary of " + c.vocabSize());
        }
    }
}
