package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import java.util.Arrays;

/**
 * The feed-forward half of a layer: a dense SwiGLU MLP, or DeepSeek-V3's mixture of experts (shared
 * experts on every token plus the routed experts the {@link Router} picks, weighted).
 */
final class FeedForward {
    private final ModelConfig c;
    private final Kernels k;
    private final Router router;
    private final RoutingCounts routing;

    FeedForward(ModelConfig c, Kernels k, RoutingCounts routing) {
        this.c = c;
        this.k = k;
        this.routing = routing;
        this.router = c.nRoutedExperts() > 0 ? new Router(c) : null;
    }

    /**
     * {@code n} rows of a step: {@code xn} ({@code n × hidden}) → {@code out} ({@code n × hidden}).
     * Each routed expert runs once over all the rows routed to it.
     */
    void forward(LayerWeights layer, int layerIndex, int n, float[] xn, float[] out) {
        if (layer.dense() != null) {
            mlp(layer.dense(), n, xn, out);
            return;
        }
        MoeWeights moe = layer.moe();
        int hidden = c.hiddenSize();
        int experts = c.nRoutedExperts();
        int topk = router.topk();
        float[] logits = new float[n * experts];
        k.matmul(moe.router(), xn, n, logits);
        int[] chosen = new int[n * topk];
        float[] weights = new float[n * topk];
        float[] scratch = new float[2 * experts + c.nGroup()];
        float[] one = new float[experts];
        int[] picks = new int[topk];
        float[] pickWeights = new float[topk];
        int[] load = new int[experts];
        for (int t = 0; t < n; t++) {
            System.arraycopy(logits, t * experts, one, 0, experts);
            router.select(one, moe.correctionBias(), picks, pickWeights, scratch);
            System.arraycopy(picks, 0, chosen, t * topk, topk);
            System.arraycopy(pickWeights, 0, weights, t * topk, topk);
            for (int e : picks) {
                load[e]++;
            }
        }
        if (moe.shared() != null) {
            mlp(moe.shared(), n, xn, out);
        } else {
            Arrays.fill(out, 0, n * hidden, 0f);
        }
        // Group tokens by expert so each expert's weights are read once for all its tokens.
        for (int e = 0; e < experts; e++) {
            if (load[e] == 0) {
                continue;
            }
            routing.add(layerIndex, e, load[e]);
            int[] tokens = new int[load[e]];
            float[] tokenWeights = new float[load[e]];
            int count = 0;
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < topk; i++) {
                    if (chosen[t * topk + i] == e) {
                        tokens[count] = t;
                        tokenWeights[count++] = weights[t * topk + i];
                    }
                }
            }
            float[] in = new float[count * hidden];
            for (int i = 0; i < count; i++) {
                System.arraycopy(xn, tokens[i] * hidden, in, i * hidden, hidden);
            }
            float[] expertOut = new float[count * hidden];
            mlp(moe.experts().get(e), count, in, expertOut);
            for (int i = 0; i < count; i++) {
                k.axpy(out, tokens[i] * hidden, tokenWeights[i], expertOut, i * hidden, hidden);
            }
        }
    }

    private void mlp(Mlp m, int n, float[] in, float[] out) {
        int inner = m.inner();
        float[] gate = new float[n * inner];
        float[] up = new float[n * inner];
        k.matmul(m.gate(), in, n, gate);
        k.matmul(m.up(), in, n, up);
        k.siluMul(gate, 0, up, 0, n * inner);
        k.matmul(m.down(), gate, n, out);
    }
}
