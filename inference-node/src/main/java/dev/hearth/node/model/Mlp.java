package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.Matrix;

/** A SwiGLU feed-forward block: {@code down(silu(gate x) * up x)}; dense layers, experts and shared experts. */
public record Mlp(Matrix gate, Matrix up, Matrix down) {

    static Mlp load(WeightSource w, String prefix, int hidden, int inner) {
        return new Mlp(w.matrix(prefix + "gate_proj.weight", inner, hidden),
                w.matrix(prefix + "up_proj.weight", inner, hidden),
                w.matrix(prefix + "down_proj.weight", hidden, inner));
    }

    public int inner() {
        return gate.rows();
    }

    /**
     * {@code n} rows: {@code in} ({@code n × hidden}) → {@code out} ({@code n × hidden}). Every node
     * runs an expert through this one method, so an expert computed on a peer gives the bits it
     * would give here.
     */
    public void apply(Kernels k, int n, float[] in, float[] out) {
        int inner = inner();
        float[] g = new float[n * inner];
        float[] u = new float[n * inner];
        k.matmul(gate, in, n, g);
        k.matmul(up, in, n, u);
        k.siluMul(g, 0, u, 0, n * inner);
        k.matmul(down, g, n, out);
    }
}
