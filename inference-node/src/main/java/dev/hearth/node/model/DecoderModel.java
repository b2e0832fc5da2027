package dev.hearth.node.model;

import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.Matrix;
import java.util.List;

/**
 * The decoder stack shared by DeepSeek-V3 and Llama: embed, then per layer RMSNorm → attention →
 * residual → RMSNorm → feed-forward → residual, then the final norm and the LM head. The attention
 * (MLA or GQA) and feed-forward (dense or MoE) of each layer come from its weights.
 *
 * <p>Every call is a batched step: the new tokens of all its sequences form the rows of one
 * activation matrix, so each weight is streamed once per step however many sequences decode in it —
 * what makes continuous batching pay on memory-bound hardware.
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
    private final RoutingCounts routing;
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
        this.routing = new RoutingCounts(c);
        this.feedForward = new FeedForward(c, kernels, routing);
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
    public RoutingCounts routing() {
        return routing;
    }

    @Override
    public Sequence newSequence() {
        return new ModelSequence(c, contextLength);
    }

    @Override
    public Sequence newSequence(int capacity) {
        if (capacity < 1 || capacity > contextLength) {
            throw new IllegalArgumentException("a sequence of " + capacity + " tokens does not fit the context of "
                    + contextLength);
        }
        return new ModelSequence(c, capacity);
    }

    @Override
    public float[] decode(Sequence sequence, int token) {
        return step(List.of(new BatchEntry(sequence, new int[] {token})))[0];
    }

    @Override
    public float[] prefill(Sequence sequence, int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("prefill needs at least one token");
        }
        ((ModelSequence) sequence).ensureRoom(tokens.length);
        float[] logits = null;
        for (int from = 0; from < tokens.length; from += PREFILL_CHUNK) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + PREFILL_CHUNK));
            logits = step(List.of(new BatchEntry(sequence, chunk)))[0];
        }
        return logits;
    }

    @Override
    public float[][] step(List<BatchEntry> batch) {
        if (batch.isEmpty()) {
            return new float[0][];
        }
        for (BatchEntry e : batch) {
            for (int token : e.tokens()) {
                checkToken(token);
            }
        }
        StepPlan plan = new StepPlan(batch);
        int hidden = c.hiddenSize();
        int n = plan.rows;
        float[] x = new float[n * hidden];
        int r = 0;
        for (BatchEntry e : batch) {
            for (int token : e.tokens()) {
                embed(token, x, r++ * hidden);
            }
        }
        float[] xn = new float[n * hidden];
        float[] out = new float[n * hidden];
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            LayerWeights layer = weights.layers().get(l);
            normRows(x, xn, layer.inputNorm(), n);
            attention.forward(layer, l, plan, xn, out);
            k.axpy(x, 0, 1f, out, 0, n * hidden);
            normRows(x, xn, layer.postAttentionNorm(), n);
            feedForward.forward(layer, l, n, xn, out);
            k.axpy(x, 0, 1f, out, 0, n * hidden);
        }
        for (int i = 0; i < plan.size(); i++) {
            plan.sequences[i].length += plan.count[i];
        }
        // only each entry's last row needs logits: one GEMM over those rows
        float[] last = new float[plan.size() * hidden];
        for (int i = 0; i < plan.size(); i++) {
            k.rmsnorm(last, i * hidden, x, (plan.row[i] + plan.count[i] - 1) * hidden, weights.finalNorm(), hidden, eps);
        }
        int vocab = c.vocabSize();
        float[] logits = new float[plan.size() * vocab];
        k.matmul(weights.lmHead(), last, plan.size(), logits);
        float[][] perEntry = new float[plan.size()][];
        for (int i = 0; i < plan.size(); i++) {
            perEntry[i] = java.util.Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab);
        }
        return perEntry;
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
