package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The feed-forward half of a layer: a dense SwiGLU MLP, or DeepSeek-V3's mixture of experts (shared
 * experts on every token plus the routed experts the {@link Router} picks, weighted).
 */
final class FeedForward {
    private final ModelConfig c;
    private final Kernels k;
    private final Router router;
    private final RoutingCounts routing;
    private final RemoteExperts remoteExperts;

    FeedForward(ModelConfig c, Kernels k, RoutingCounts routing, RemoteExperts remoteExperts) {
        this.c = c;
        this.k = k;
        this.routing = routing;
        this.remoteExperts = remoteExperts;
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
        // Group tokens by expert so each expert's weights are read once for all its tokens. Experts
        // held here run now; the others go to their peers in one call. Outputs are then added in
        // expert order, wherever they ran, so the sum is the same bits as on one node.
        int[][] tokensOf = new int[experts][];
        float[][] weightsOf = new float[experts][];
        float[][] outputOf = new float[experts][];
        List<Integer> remote = new ArrayList<>();
        List<float[]> remoteInputs = new ArrayList<>();
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
            tokensOf[e] = tokens;
            weightsOf[e] = tokenWeights;
            float[] in = new float[count * hidden];
            for (int i = 0; i < count; i++) {
                System.arraycopy(xn, tokens[i] * hidden, in, i * hidden, hidden);
            }
            if (moe.holds(e)) {
                outputOf[e] = new float[count * hidden];
                moe.experts().get(e).apply(k, count, in, outputOf[e]);
            } else {
                remote.add(e);
                remoteInputs.add(in);
            }
        }
        if (!remote.isEmpty()) {
            int[] ids = remote.stream().mapToInt(Integer::intValue).toArray();
            int[] rows = new int[ids.length];
            for (int i = 0; i < ids.length; i++) {
                rows[i] = load[ids[i]];
            }
            List<float[]> outputs = remoteExperts.run(layerIndex, ids, remoteInputs, rows);
            for (int i = 0; i < ids.length; i++) {
                float[] o = outputs.get(i);
                if (o == null || o.length != rows[i] * hidden) {
                    throw new IllegalStateException("expert " + ids[i] + " of layer " + layerIndex + " came back with "
                            + (o == null ? "nothing" : o.length + " floats") + ", expected " + rows[i] * hidden);
                }
                outputOf[ids[i]] = o;
            }
        }
        for (int e = 0; e < experts; e++) {
            if (outputOf[e] == null) {
                continue;
            }
            for (int i = 0; i < tokensOf[e].length; i++) {
                k.axpy(out, tokensOf[e][i] * hidden, weightsOf[e][i], outputOf[e], i * hidden, hidden);
            }
        }
    }

    private void mlp(Mlp m, int n, float[] in, float[] out) {
        m.apply(k, n, in, out);
    }
}
