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

            k.rmsnorm(s.xb, 0, s.x, 0, lw.attnNorm(), lw.attnNorm().length, c.normEps());
            k.matvec(new F32Matrix(dim, dim, lw.wq()), s.xb, 0, s.q, 0);
            k.matvec(new F32Matrix(dim, dim, lw.wk()), s.xb, 0, s.kRow, 0);
            k.matvec(new F32Matrix(dim, dim, lw.wv()), s.xb, 0, s.vRow, 0);
            int table = rotary.offset(position);
            for (int h = 0; h < c.heads(); h++) {
                k.ropeInterleaved(s.q, h * headDim, headDim, rotary.cos(), rotary.sin(), table);
                k.ropeInterleaved(s.kRow, h * headDim, headDim, rotary.cos(), rotary.sin(), table);
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
            k.matvec(new F32Matrix(dim, dim, lw.wo()), s.xb2, 0, s.xb, 0);
            k.axpy(s.x, 0, 1f, s.xb, 0, dim);

            k.rmsnorm(s.xb, 0, s.x, 0, lw.ffnNorm(), lw.ffnNorm().length, c.normEps());
            k.matvec(new F32Matrix(c.hiddenDim(), dim, lw.wGate()), s.xb, 0, s.hb, 0);
            k.matvec(new F32Matrix(c.hiddenDim(), dim, lw.wUp()), s.xb, 0, s.hb2, 0);
            k.siluMul(s.hb, 0, s.hb2, 0, c.hiddenDim());
            k.matvec(new F32Matrix(dim, c.hiddenDim(), lw.wDown()), s.hb, 0, s.xb, 0);
            k.axpy(s.x, 0, 1f, s.xb, 0, dim);
        }
        k.rmsnorm(s.x, 0, s.x, 0, w.finalNorm(), w.finalNorm().length, c.normEps());
        k.matvec(new F32Matrix(c.vocabSize(), dim, w.lmHead()), s.x, 0, s.logits, 0);
        return s.logits;
    }
}
