package dev.hearth.node.model;

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
}
