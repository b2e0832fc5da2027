package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors one pipeline stage holds: its layers' weights, plus the embedding on the first stage
 * and the final norm and LM head on the last (null elsewhere). A stage loads nothing else, so a
 * model larger than any one node's memory is spread over several.
 */
public record StageWeights(ModelConfig config, LayerRange range, Matrix embedding, List<LayerWeights> layers,
                           float[] finalNorm, Matrix lmHead) {

    public StageWeights {
        layers = List.copyOf(layers);
        if (layers.size() != range.size()) {
            throw new IllegalArgumentException("a stage of layers " + range + " needs " + range.size()
                    + " layers' weights, got " + layers.size());
        }
        if (range.first() != (embedding != null)) {
            throw new IllegalArgumentException("the embedding belongs to the stage holding layer 0, and only to it");
        }
        if (range.last(config) != (lmHead != null && finalNorm != null)) {
            throw new IllegalArgumentException("the final norm and LM head belong to the last stage, and only to it");
        }
    }

    /** Loads only what the stage of {@code range} needs, with every routed expert of its MoE layers. */
    public static StageWeights load(ModelConfig c, WeightSource w, LayerRange range) {
        return load(c, w, range, ExpertSelection.ALL);
    }

    /** Loads the stage of {@code range} holding only the routed experts {@code experts} selects. */
    public static StageWeights load(ModelConfig c, WeightSource w, LayerRange range, ExpertSelection experts) {
        if (range.to() > c.numHiddenLayers()) {
            throw new IllegalArgumentException("layers " + range + " are outside the model's " + c.numHiddenLayers());
        }
        Matrix embedding = range.first() || (range.last(c) && c.tieWordEmbeddings())
                ? w.matrix("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize()) : null;
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = range.from(); l < range.to(); l++) {
            layers.add(LayerWeights.load(w, c, l, experts));
        }
        float[] norm = null;
        Matrix head = null;
        if (range.last(c)) {
            norm = w.vector("model.norm.weight", c.hiddenSize());
            head = c.tieWordEmbeddings() ? embedding : w.matrix("lm_head.weight", c.vocabSize(), c.hiddenSize());
        }
        return new StageWeights(c, range, range.first() ? embedding : null, layers, norm, head);
    }

    /** The whole model as one stage. */
    public static StageWeights of(ModelWeights all) {
        return new StageWeights(all.config(), LayerRange.all(all.config()), all.embedding(), all.layers(),
                all.finalNorm(), all.lmHead());
    }

    /** Bytes of every weight matrix the stage holds (the routed experts it holds, not the others). */
    public long storedBytes() {
        long sum = (embedding == null ? 0 : embedding.storedBytes())
                + (lmHead == null || lmHead == embedding ? 0 : lmHead.storedBytes());
        for (LayerWeights layer : layers) {
            sum += ModelWeights.attention(layer, Matrix::storedBytes);
            if (layer.dense() != null) {
                sum += ModelWeights.mlp(layer.dense(), Matrix::storedBytes);
            } else {
                MoeWeights moe = layer.moe();
                sum += moe.router().storedBytes() + (moe.shared() == null ? 0 : ModelWeights.mlp(moe.shared(),
                        Matrix::storedBytes));
                for (Mlp e : moe.experts()) {
                    sum += e == null ? 0 : ModelWeights.mlp(e, Matrix::storedBytes);
                }
            }
        }
        return sum;
    }

    /** The weights of layer {@code layer} (an index of the whole model, inside this stage's range). */
    public LayerWeights layer(int layer) {
        return layers.get(layer - range.from());
    }
}
