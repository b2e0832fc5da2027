package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import java.util.Arrays;

/**
 * Llama's grouped-query attention with rotary embeddings on split halves. The cache row of a position
 * holds the rotated keys of every KV head, then their values. Projections run as one GEMM over every
 * row of the step.
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
    public void forward(LayerWeights layer, int layerIndex, StepPlan plan, float[] xn, float[] out) {
        GqaWeights g = layer.gqa();
        int n = plan.rows;
        int kvWidth = kvHeads * headDim;
        float[] q = new float[n * heads * headDim];
        float[] keys = new float[n * kvWidth];
        float[] values = new float[n * kvWidth];
        k.matmul(g.q(), xn, n, q);
        k.matmul(g.k(), xn, n, keys);
        k.matmul(g.v(), xn, n, values);
        float[] attnOut = new float[n * heads * headDim];
        for (int i = 0; i < plan.size(); i++) {
            ModelSequence s = plan.sequences[i];
            float[] cache = s.cache[layerIndex];
            float[] att = new float[plan.start[i] + plan.count[i]];
            for (int t = 0; t < plan.count[i]; t++) {
                int r = plan.row[i] + t;
                int pos = plan.start[i] + t;
                int at = pos * s.width;
                int table = rotary.offset(pos);
                System.arraycopy(keys, r * kvWidth, cache, at, kvWidth);
                System.arraycopy(values, r * kvWidth, cache, at + kvWidth, kvWidth);
                for (int h = 0; h < kvHeads; h++) {
                    k.ropeHalves(cache, at + h * headDim, headDim, rotary.cos(), rotary.sin(), table);
                }
                for (int h = 0; h < heads; h++) {
                    k.ropeHalves(q, (r * heads + h) * headDim, headDim, rotary.cos(), rotary.sin(), table);
                }
                attend(q, r * heads * headDim, cache, s.width, pos, att, attnOut);
            }
        }
        k.matmul(g.o(), attnOut, n, out);
    }

    /** Every query head attends over positions {@code 0..pos} of its KV head. */
    private void attend(float[] q, int qOff, float[] cache, int width, int pos, float[] att, float[] out) {
        int group = heads / kvHeads;
        int valuesAt = kvHeads * headDim;
        Arrays.fill(out, qOff, qOff + heads * headDim, 0f);
        for (int h = 0; h < heads; h++) {
            int kvHead = h / group;
            int qo = qOff + h * headDim;
            for (int t = 0; t <= pos; t++) {
                att[t] = k.dot(q, qo, cache, t * width + kvHead * headDim, headDim) * scale;
            }
            k.softmax(att, 0, pos + 1);
            for (int t = 0; t <= pos; t++) {
                k.axpy(out, qOff + h * headDim, att[t], cache, t * width + valuesAt + kvHead * headDim, headDim);
            }
        }
    }
}
