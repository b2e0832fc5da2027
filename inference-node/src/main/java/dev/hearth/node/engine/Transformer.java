package dev.hearth.node.engine;

/**
 * The forward pass of a decoder-only transformer, one token at a time: embed, then per layer
 * RMSNorm → rotary multi-head attention over the KV cache → residual → RMSNorm → SwiGLU MLP →
 * residual, then the final norm and the LM head. Stateless apart from the caller's {@link KvCache},
 * so one instance serves many sequences concurrently.
 */
public final class Transformer {
    private final ModelConfig c;
    private final ModelWeights w;
    private final Kernels k;
    private final RotaryTable rotary;

    public Transformer(ModelWeights weights, Kernels kernels) {
        this.c = weights.config();
        this.w = weights;
        this.k = kernels;
        this.rotary = new RotaryTable(c.headDim(), c.maxSeqLen(), c.ropeTheta());
    }

    public ModelConfig config() {
        return c;
    }

    /** Scratch buffers for one sequence; allocate once per sequence, not per token. */
    public final class State {
        final float[] x = new float[c.dim()];
        final float[] xb = new float[c.dim()];
        final float[] xb2 = new float[c.dim()];
        final float[] q = new float[c.dim()];
        final float[] kRow = new float[c.dim()];
        final float[] vRow = new float[c.dim()];
        final float[] hb = new float[c.hiddenDim()];
        final float[] hb2 = new float[c.hiddenDim()];
        final float[] att = new float[c.maxSeqLen()];
        final float[] logits = new float[c.vocabSize()];
        final KvCache cache = new KvCache(c);
    }

    public State newState() {
        return new State();
    }

    /**
     * Runs {@code token} at {@code position} and returns the logits over the vocabulary. The returned
     * array belongs to {@code s} and is overwritten by the next call.
     */
    public float[] forward(State s, int token, int position) {
        if (token < 0 || token >= c.vocabSize()) {
            throw new IllegalArgumentException("token " + token + " outside the vocabulary of " + c.vocabSize());
        }
        if (position < 0 || position >= c.maxSeqLen()) {
            throw new IllegalArgumentException("position " + position + " outside the context of " + c.maxSeqLen());
        }
        int dim = c.dim();
        int headDim = c.headDim();
        System.arraycopy(w.tokenEmbedding(), token * dim, s.x, 0, dim);
        float scale = (float) (1.0 / Math.sqrt(headDim));

        for (int l = 0; l < c.layers(); l++) {
            LayerWeights lw = w.layers().get(l);
            float[] keyCache = s.cache.keys[l];
            float[] valueCache = s.cache.values[l];
            int rowOffset = position * dim;

            k.rmsnorm(s.xb, s.x, lw.attnNorm(), c.normEps());
            k.matvec(s.q, lw.wq(), s.xb, dim, dim);
            k.matvec(s.kRow, lw.wk(), s.xb, dim, dim);
            k.matvec(s.vRow, lw.wv(), s.xb, dim, dim);
            int table = rotary.offset(position);
            for (int h = 0; h < c.heads(); h++) {
                k.rope(s.q, h * headDim, headDim, rotary.cos(), rotary.sin(), table);
                k.rope(s.kRow, h * headDim, headDim, rotary.cos(), rotary.sin(), table);
            }
            System.arraycopy(s.kRow, 0, keyCache, rowOffset, dim);
            System.arraycopy(s.vRow, 0, valueCache, rowOffset, dim);

            java.util.Arrays.fill(s.xb2, 0f);
            for (int h = 0; h < c.heads(); h++) {
                int ho = h * headDim;
                for (int t = 0; t <= position; t++) {
                    s.att[t] = k.dot(s.q, ho, keyCache, t * dim + ho, headDim) * scale;
                }
                k.softmax(s.att, 0, position + 1);
                for (int t = 0; t <= position; t++) {
                    k.axpy(s.xb2, ho, s.att[t], valueCache, t * dim + ho, headDim);
                }
            }
            k.matvec(s.xb, lw.wo(), s.xb2, dim, dim);
            k.axpy(s.x, 0, 1f, s.xb, 0, dim);

            k.rmsnorm(s.xb, s.x, lw.ffnNorm(), c.normEps());
            k.matvec(s.hb, lw.wGate(), s.xb, c.hiddenDim(), dim);
            k.matvec(s.hb2, lw.wUp(), s.xb, c.hiddenDim(), dim);
            k.siluMul(s.hb, s.hb2, c.hiddenDim());
            k.matvec(s.xb, lw.wDown(), s.hb, dim, c.hiddenDim());
            k.axpy(s.x, 0, 1f, s.xb, 0, dim);
        }
        k.rmsnorm(s.x, s.x, w.finalNorm(), c.normEps());
        k.matvec(s.logits, w.lmHead(), s.x, c.vocabSize(), dim);
        return s.logits;
    }
}
