package dev.hearth.node.model;

import dev.hearth.node.engine.F32Matrix;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.Matrix;
import java.util.Arrays;
import java.util.List;

/**
 * The layers {@code [from, to)} of the decoder stack over one batched step: embed (first stage
 * only), then per layer RMSNorm → attention → residual → RMSNorm → feed-forward → residual, then
 * (last stage only) the final norm and the LM head. A whole model on one node is the stage of every
 * layer, so a model split over nodes runs exactly the arithmetic of one that is not.
 *
 * <p>Every call is a batched step: the new tokens of all its sequences form the rows of one
 * activation matrix, so each weight is streamed once per step however many sequences decode in it.
 */
public final class PipelineStage {
    private final ModelConfig c;
    private final StageWeights weights;
    private final Kernels k;
    private final int contextLength;
    private final Attention attention;
    private final FeedForward feedForward;
    private final RoutingCounts routing;
    private final float eps;

    public PipelineStage(StageWeights weights, Kernels kernels, int contextLength) {
        this(weights, kernels, contextLength, RemoteExperts.NONE);
    }

    /** A stage whose MoE layers hold only some routed experts; {@code peers} runs the rest. */
    public PipelineStage(StageWeights weights, Kernels kernels, int contextLength, RemoteExperts peers) {
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
        this.feedForward = new FeedForward(c, kernels, routing, peers);
        this.eps = (float) c.rmsNormEps();
    }

    public ModelConfig config() {
        return c;
    }

    public LayerRange range() {
        return weights.range();
    }

    public StageWeights weights() {
        return weights;
    }

    public int contextLength() {
        return contextLength;
    }

    /** Tokens each routed expert of this stage's MoE layers has received. */
    public RoutingCounts routing() {
        return routing;
    }

    /** A sequence holding KV rows for this stage's layers only, {@code capacity} positions long. */
    public Sequence newSequence(int capacity) {
        if (capacity < 1 || capacity > contextLength) {
            throw new IllegalArgumentException("a sequence of " + capacity + " tokens does not fit the context of "
                    + contextLength);
        }
        return new ModelSequence(c, capacity, range());
    }

    /**
     * The sequence with room for {@code capacity} positions, its rows kept: a stage that learns a
     * sequence's length only as its tokens arrive grows the cache instead of reserving the context.
     */
    public Sequence grow(Sequence sequence, int capacity) {
        if (capacity > contextLength) {
            throw new IllegalArgumentException("a sequence of " + capacity + " tokens does not fit the context of "
                    + contextLength);
        }
        ModelSequence s = (ModelSequence) sequence;
        return capacity <= s.capacity() ? s : s.grown(capacity, range());
    }

    /**
     * Runs this stage's layers over one step and advances every entry's sequence by its tokens.
     *
     * @param hidden the previous stage's output ({@code rows × hidden}, rows in entry order), or null
     *               on the first stage, which embeds the entries' tokens instead (other stages only
     *               read how many tokens each entry has)
     */
    public StageOutput step(List<BatchEntry> batch, float[] hidden) {
        if (batch.isEmpty()) {
            return range().last(c) ? new StageOutput(null, new float[0][]) : new StageOutput(new float[0], null);
        }
        int width = c.hiddenSize();
        StepPlan plan = new StepPlan(batch);
        int n = plan.rows;
        float[] x;
        if (range().first()) {
            if (hidden != null) {
                throw new IllegalArgumentException("the first stage embeds tokens; it takes no hidden states");
            }
            x = new float[n * width];
            int r = 0;
            for (BatchEntry e : batch) {
                for (int token : e.tokens()) {
                    checkToken(token);
                    embed(token, x, r++ * width);
                }
            }
        } else {
            if (hidden == null || hidden.length != n * width) {
                throw new IllegalArgumentException("stage " + range() + " expects " + n + " × " + width
                        + " hidden states, got " + (hidden == null ? "none" : hidden.length + " floats"));
            }
            x = hidden.clone();
        }
        float[] xn = new float[n * width];
        float[] out = new float[n * width];
        for (int l = range().from(); l < range().to(); l++) {
            LayerWeights layer = weights.layer(l);
            normRows(x, xn, layer.inputNorm(), n);
            attention.forward(layer, l, plan, xn, out);
            k.axpy(x, 0, 1f, out, 0, n * width);
            normRows(x, xn, layer.postAttentionNorm(), n);
            feedForward.forward(layer, l, n, xn, out);
            k.axpy(x, 0, 1f, out, 0, n * width);
        }
        for (int i = 0; i < plan.size(); i++) {
            plan.sequences[i].length += plan.count[i];
        }
        if (!range().last(c)) {
            return new StageOutput(x, null);
        }
        // only each entry's last row needs logits: one GEMM over those rows
        float[] last = new float[plan.size() * width];
        for (int i = 0; i < plan.size(); i++) {
            k.rmsnorm(last, i * width, x, (plan.row[i] + plan.count[i] - 1) * width, weights.finalNorm(), width, eps);
        }
        int vocab = c.vocabSize();
        float[] logits = new float[plan.size() * vocab];
        k.matmul(weights.lmHead(), last, plan.size(), logits);
        float[][] perEntry = new float[plan.size()][];
        for (int i = 0; i < plan.size(); i++) {
            perEntry[i] = Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab);
        }
        return new StageOutput(null, perEntry);
    }

    private void normRows(float[] x, float[] xn, float[] weight, int n) {
        int width = c.hiddenSize();
        for (int t = 0; t < n; t++) {
            k.rmsnorm(xn, t * width, x, t * width, weight, width, eps);
        }
    }

    private void embed(int token, float[] out, int off) {
        Matrix e = weights.embedding();
        int width = c.hiddenSize();
        if (e instanceof F32Matrix f) {
            System.arraycopy(f.data(), token * width, out, off, width);
        } else {
            for (int i = 0; i < width; i++) {
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
