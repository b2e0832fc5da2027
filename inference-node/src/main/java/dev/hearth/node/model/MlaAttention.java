package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import java.util.Arrays;

/**
 * Multi-head Latent Attention. The cache holds, per position, the normalised latent
 * ({@code kv_lora_rank} floats) and the rotated shared key ({@code qk_rope_head_dim}). Decode uses
 * the absorbed form: each head's key up-projection is folded into its query and its value
 * up-projection applied after the weighted sum, so per-position work is on the latent and no
 * per-head key or value is ever materialised. Prefill decompresses keys and values with one GEMM and
 * attends the plain way; the two paths agree (tested), which checks both.
 */
final class MlaAttention implements Attention {
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
    /**
     * The latent norms ({@code q_a_layernorm}, {@code kv_a_layernorm}) use 1e-6 whatever
     * {@code rms_norm_eps} says: the published modelling code builds them with the default.
     */
    static final float LATENT_NORM_EPS = 1e-6f;

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

    /** One token at position {@code pos}: {@code w.xb} (normed input) → {@code w.out}. */
    @Override
    public void decode(LayerWeights layer, float[] cache, int width, int pos, Workspace w) {
        MlaWeights m = layer.mla();
        if (m.q() != null) {
            k.matvec(m.q(), w.xb, 0, w.q, 0);
        } else {
            k.matvec(m.qA(), w.xb, 0, w.qa, 0);
            k.rmsnorm(w.qa, 0, w.qa, 0, m.qANorm(), c.qLoraRank(), LATENT_NORM_EPS);
            k.matvec(m.qB(), w.qa, 0, w.q, 0);
        }
        k.matvec(m.kvA(), w.xb, 0, w.kv, 0);
        storeLatent(m, w.kv, 0, cache, pos * width, pos);

        int table = rotary.offset(pos);
        int headRows = nope + vDim;
        for (int h = 0; h < heads; h++) {
            int qo = h * qkHead;
            k.ropeInterleaved(w.q, qo + nope, rope, rotary.cos(), rotary.sin(), table);
            k.vecmat(m.kvB(), h * headRows, nope, w.q, qo, w.qLatent, 0);
            for (int t = 0; t <= pos; t++) {
                int row = t * width;
                w.att[t] = (k.dot(w.qLatent, 0, cache, row, lora) + k.dot(w.q, qo + nope, cache, row + lora, rope)) * scale;
            }
            k.softmax(w.att, 0, pos + 1);
            Arrays.fill(w.context, 0f);
            for (int t = 0; t <= pos; t++) {
                k.axpy(w.context, 0, w.att[t], cache, t * width, lora);
            }
            k.matvec(m.kvB(), h * headRows + nope, vDim, w.context, 0, w.attnOut, h * vDim);
        }
        k.matvec(m.o(), w.attnOut, 0, w.out, 0);
    }

    /**
     * {@code n} tokens at positions {@code start .. start + n - 1}: {@code xn} ({@code n × hidden},
     * normed) → {@code out} ({@code n × hidden}).
     */
    @Override
    public void prefill(LayerWeights layer, float[] cache, int width, int start, int n, float[] xn, float[] out) {
        MlaWeights m = layer.mla();
        float[] q;
        if (m.q() != null) {
            q = new float[n * heads * qkHead];
            k.matmul(m.q(), xn, n, q);
        } else {
            int r = c.qLoraRank();
            float[] qa = new float[n * r];
            k.matmul(m.qA(), xn, n, qa);
            for (int t = 0; t < n; t++) {
                k.rmsnorm(qa, t * r, qa, t * r, m.qANorm(), r, LATENT_NORM_EPS);
            }
            q = new float[n * heads * qkHead];
            k.matmul(m.qB(), qa, n, q);
        }
        int kvWidth = lora + rope;
        float[] kv = new float[n * kvWidth];
        k.matmul(m.kvA(), xn, n, kv);
        for (int t = 0; t < n; t++) {
            storeLatent(m, kv, t * kvWidth, cache, (start + t) * width, start + t);
        }

        int total = start + n;
        float[] latents = new float[total * lora];
        for (int t = 0; t < total; t++) {
            System.arraycopy(cache, t * width, latents, t * lora, lora);
        }
        int headRows = nope + vDim;
        float[] keysValues = new float[total * heads * headRows];
        k.matmul(m.kvB(), latents, total, keysValues);

        float[] att = new float[total];
        float[] attnOut = new float[n * heads * vDim];
        int kvStride = heads * headRows;
        for (int t = 0; t < n; t++) {
            int pos = start + t;
            int table = rotary.offset(pos);
            for (int h = 0; h < heads; h++) {
                int qo = (t * heads + h) * qkHead;
                k.ropeInterleaved(q, qo + nope, rope, rotary.cos(), rotary.sin(), table);
                for (int j = 0; j <= pos; j++) {
                    float s = k.dot(q, qo, keysValues, j * kvStride + h * headRows, nope)
                            + k.dot(q, qo + nope, cache, j * width + lora, rope);
                    att[j] = s * scale;
                }
                k.softmax(att, 0, pos + 1);
                int oo = (t * heads + h) * vDim;
                for (int j = 0; j <= pos; j++) {
                    k.axpy(attnOut, oo, att[j], keysValues, j * kvStride + h * headRows + nope, vDim);
                }
            }
        }
        k.matmul(m.o(), attnOut, n, out);
    }

    /** Normalises the latent and rotates the shared key of one position into its cache row. */
    private void storeLatent(MlaWeights m, float[] kv, int kvOff, float[] cache, int row, int pos) {
        k.rmsnorm(cache, row, kv, kvOff, m.kvANorm(), lora, LATENT_NORM_EPS);
        System.arraycopy(kv, kvOff + lora, cache, row + lora, rope);
        k.ropeInterleaved(cache, row + lora, rope, rotary.cos(), rotary.sin(), rotary.offset(pos));
    }
}
