package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;

/** Grouped-query attention weights of one Llama layer. */
public record GqaWeights(Matrix q, Matrix k, Matrix v, Matrix o) {

    static GqaWeights load(WeightSource w, String p, ModelConfig c) {
        int hidden = c.hiddenSize();
        int qWidth = c.numAttentionHeads() * c.headDim();
        int kvWidth = c.numKeyValueHeads() * c.headDim();
        return new GqaWeights(w.matrix(p + "q_proj.weight", qWidth, hidden), w.matrix(p + "k_proj.weight", kvWidth, hidden),
                w.matrix(p + "v_proj.weight", kvWidth, hidden), w.matrix(p + "o_proj.weight", hidden, qWidth));
    }
}
