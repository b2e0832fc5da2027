package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import java.util.Arrays;

/**
 * Llama's grouped-query attention with rotary embeddings on split halves. The cache row of a position
 * holds the rotated keys of every KV head, then their values.
 */
final class GqaAttention implements Attention {
    private final Kernels k;
    private final Rotary rotary;
    private final float scale;
    private final int heads;
    private final int kvHeads;
    private final int headDim;

    GqaAttention(ModelConfig c, Kernels k, Rotary rotary) {
        this.k = k;
        this.rotary = rotary;
        this.scale = Rotary.attentionScale(c);
        this.heads = c.numAttentionHeads();
        this.kvHeads = c.numKeyValueHeads();
        this.headDim = c.headDim();
    }

    @Override
    public void decode(LayerWeights layer, float[] cache, int width, int pos, Workspace w) {
        GqaWeights g = layer.gqa();
        k.matvec(g.q(), w.xb, 0, w.q, 0);
        int row = pos * width;
        k.matvec(g.k(), w.xb, 0, cache, row);
        k.matvec(g.v(), w.xb, 0, cache, row + kvHeads * headDim);
        int table = rotary.offset(pos);
        for (int h = 0; h < kvHeads; h++) {
            k.ropeHalves(cache, row + h * headDim, headDim, rotary.cos(), rotary.sin(), table);
        }
        for (int h = 0; h < heads; h++) {
            k.ropeHalves(w.q, h * headDim, headDim, rotary.cos(), rotary.sin(), table);
        }
        attend(w.q, 0, cache, width, pos, w.att, w.attnOut, 0);
        k.matvec(g.o(), w.attnOut, 0, w.out, 0);
    }

    @Override
    public void prefill(LayerWeights layer, float[] cache, int width, int start, int n, float[] xn, float[] out) {
        GqaWeights g = layer.gqa();
        int kvWidth = kvHeads * headDim;
        float[] q = new float[n * heads * headDim];
        float[] keys = new float[n * kvWidth];
        float[] values = new float[n * kvWidth];
        k.matmul(g.q(), xn, n, q);
        k.matmul(g.k(), xn, n, keys);
        k.matmul(g.v(), xn, n, values);
        for (int t = 0; t < n; t++) {
            int row = (start + t) * width;
            int table = rotary.offset(start + t);
            System.arraycopy(keys, t * kvWidth, cache, row, kvWidth);
            System.arraycopy(values, t * kvWidth, cache, row + kvWidth, kvWidth);
            for (int h = 0; h < kvHeads; h++) {
                k.ropeHalves(cache, row + h * headDim, headDim, rotary.cos(), rotary.sin(), table);
            }
        }
        float[] att = new float[start + n];
        float[] attnOut = new float[n * heads * headDim];
        for (int t = 0; t < n; t++) {
            int table = rotary.offset(start + t);
            for (int h = 0; h < heads; h++) {
                k.ropeHalves(q, (t * heads + h) * headDim, headDim, rotary.cos(), rotary.sin(), table);
            }
            attend(q, t * heads * headDim, cache, width, start + t, att, attnOut, t * heads * headDim);
        }
        k.matmul(g.o(), attnOut, n, out);
    }

    /** Every query head attends over positions {@code 0..pos} of its KV head. */
    private void attend(float[] q, int qOff, float[] cache, int width, int pos, float[] att, float[] out, int outOff) {
        int group = heads / kvHeads;
        int valuesAt = kvHeads * headDim;
        Arrays.fill(out, outOff, outOff + heads * headDim, 0f);
        for (int h = 0; h < heads; h++) {
            int kvHead = h / group;
            int qo = qOff + h * headDim;
            for (int t = 0; t <= pos; t++) {
                att[t] = k.dot(q, qo, cache, t * width + kvHead * headDim, headDim) * scale;
            }
            k.softmax(att, 0, pos + 1);
            for (int t = 0; t <= pos; t++) {
                k.axpy(out, outOff + h * headDim, att[t], cache, t * width + valuesAt + kvHead * headDim, headDim);
            }
        }
    }
}
