package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import java.util.Arrays;

/**
 * Multi-head Latent Attention. The cache holds, per position, the normalised latent
 * ({@code kv_lora_rank} floats) and the rotated shared key ({@code qk_rope_head_dim}). A decode
 * step (one new token of a sequence) uses the absorbed form: each head's key up-projection is folded
 * into its query and its value up-projection applied after the weighted sum, so per-position work is
 * on the latent and no per-head key or value is materialised. A prefill chunk decompresses the
 * sequence's keys and values with one GEMM and attends the plain way. The two forms agree (tested),
 * which checks both. Projections run as one GEMM over every row of the step, whatever its sequence.
 */
final class MlaAttention implements Attention {
    /**
     * The latent norms ({@code q_a_layernorm}, {@code kv_a_layernorm}) use 1e-6 whatever
     * {@code rms_norm_eps} says: the published modelling code builds them with the default.
     */
    static final float LATENT_NORM_EPS = 1e-6f;

    private final ModelConfig c;
    private final Kernels k;
    private final Rotary rotary;
    private final float scale;
    private final int nope;
    private final int rope;
    private final int vDim;
    private final int lora;
    private final int qkHead;
    private final int heads;

    MlaAttention(ModelConfig c, Kernels k, Rotary rotary) {
        this.c = c;
        this.k = k;
        this.rotary = rotary;
        this.scale = Rotary.attentionScale(c);
        this.nope = c.qkNopeHeadDim();
        this.rope = c.qkRopeHeadDim();
        this.vDim = c.vHeadDim();
        this.lora = c.kvLoraRank();
        this.qkHead = c.qkHeadDim();
        this.heads = c.numAttentionHeads();
    }

    @Override
    public void forward(LayerWeights layer, int layerIndex, StepPlan plan, float[] xn, float[] out) {
        MlaWeights m = layer.mla();
        int n = plan.rows;
        float[] q = queries(m, xn, n);
        int kvWidth = lora + rope;
        float[] kv = new float[n * kvWidth];
        k.matmul(m.kvA(), xn, n, kv);
        float[] attnOut = new float[n * heads * vDim];
        for (int i = 0; i < plan.size(); i++) {
            ModelSequence s = plan.sequences[i];
            float[] cache = s.cache[layerIndex];
            for (int t = 0; t < plan.count[i]; t++) {
                storeLatent(m, kv, (plan.row[i] + t) * kvWidth, cache, (plan.start[i] + t) * s.width, plan.start[i] + t);
            }
            if (plan.count[i] == 1) {
                absorbed(m, q, plan.row[i], cache, s.width, plan.start[i], attnOut);
            } else {
                decompressed(m, q, plan.row[i], cache, s.width, plan.start[i], plan.count[i], attnOut);
            }
        }
        k.matmul(m.o(), attnOut, n, out);
    }

    private float[] queries(MlaWeights m, float[] xn, int n) {
        float[] q = new float[n * heads * qkHead];
        if (m.q() != null) {
            k.matmul(m.q(), xn, n, q);
            return q;
        }
        int r = c.qLoraRank();
        float[] qa = new float[n * r];
        k.matmul(m.qA(), xn, n, qa);
        for (int t = 0; t < n; t++) {
            k.rmsnorm(qa, t * r, qa, t * r, m.qANorm(), r, LATENT_NORM_EPS);
        }
        k.matmul(m.qB(), qa, n, q);
        return q;
    }

    /** One token at {@code pos}, query row {@code row}: attention over the latents, per head. */
    private void absorbed(MlaWeights m, float[] q, int row, float[] cache, int width, int pos, float[] attnOut) {
        float[] qLatent = new float[lora];
        float[] context = new float[lora];
        float[] att = new float[pos + 1];
        int table = rotary.offset(pos);
        int headRows = nope + vDim;
        for (int h = 0; h < heads; h++) {
            int qo = (row * heads + h) * qkHead;
            k.ropeInterleaved(q, qo + nope, rope, rotary.cos(), rotary.sin(), table);
            k.vecmat(m.kvB(), h * headRows, nope, q, qo, qLatent, 0);
            for (int t = 0; t <= pos; t++) {
                int at = t * width;
                att[t] = (k.dot(qLatent, 0, cache, at, lora) + k.dot(q, qo + nope, cache, at + lora, rope)) * scale;
            }
            k.softmax(att, 0, pos + 1);
            Arrays.fill(context, 0f);
            for (int t = 0; t <= pos; t++) {
                k.axpy(context, 0, att[t], cache, t * width, lora);
            }
            k.matvec(m.kvB(), h * headRows + nope, vDim, context, 0, attnOut, (row * heads + h) * vDim);
        }
    }

    /** {@code n} tokens from {@code start}: keys and values of the whole sequence decompressed, then plain attention. */
    private void decompressed(MlaWeights m, float[] q, int row0, float[] cache, int width, int start, int n,
                              float[] attnOut) {
        int total = start + n;
        float[] latents = new float[total * lora];
        for (int t = 0; t < total; t++) {
            System.arraycopy(cache, t * width, latents, t * lora, lora);
        }
        int headRows = nope + vDim;
        int kvStride = heads * headRows;
        float[] keysValues = new float[total * kvStride];
        k.matmul(m.kvB(), latents, total, keysValues);
        float[] att = new float[total];
        for (int t = 0; t < n; t++) {
            int pos = start + t;
            int table = rotary.offset(pos);
            for (int h = 0; h < heads; h++) {
                int qo = ((row0 + t) * heads + h) * qkHead;
                k.ropeInterleaved(q, qo + nope, rope, rotary.cos(), rotary.sin(), table);
                for (int j = 0; j <= pos; j++) {
                    float s = k.dot(q, qo, keysValues, j * kvStride + h * headRows, nope)
                            + k.dot(q, qo + nope, cache, j * width + lora, rope);
                    att[j] = s * scale;
                }
                k.softmax(att, 0, pos + 1);
                int oo = ((row0 + t) * heads + h) * vDim;
                for (int j = 0; j <= pos; j++) {
                    k.axpy(attnOut, oo, att[j], keysValues, j * kvStride + h * headRows + nope, vDim);
                }
            }
        }
    }

    /** Normalises the latent and rotates the shared key of one position into its cache row. */
    private void storeLatent(MlaWeights m, float[] kv, int kvOff, float[] cache, int row, int pos) {
        k.rmsnorm(cache, row, kv, kvOff, m.kvANorm(), lora, LATENT_NORM_EPS);
        System.arraycopy(kv, kvOff + lora, cache, row + lora, rope);
        k.ropeInterleaved(cache, row + lora, rope, rotary.cos(), rotary.sin(), rotary.offset(pos));
    }
}
