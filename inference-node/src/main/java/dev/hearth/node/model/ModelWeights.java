package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;
import java.util.ArrayList;
import java.util.List;

/** Every tensor of a model, loaded by Hugging Face name and checked against its config. */
public record ModelWeights(ModelConfig config, Matrix embedding, List<LayerWeights> layers, float[] finalNorm,
                           Matrix lmHead) {

    public ModelWeights {
        layers = List.copyOf(layers);
    }

    public static ModelWeights load(ModelConfig c, WeightSource w) {
        Matrix embedding = w.matrix("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
        List<LayerWeights> layers = new ArrayList<>();
        for (int l = 0; l < c.numHiddenLayers(); l++) {
            layers.add(LayerWeights.load(w, c, l));
        }
        float[] norm = w.vector("model.norm.weight", c.hiddenSize());
        Matrix head = c.tieWordEmbeddings() ? embedding : w.matrix("lm_head.weight", c.vocabSize(), c.hiddenSize());
        return new ModelWeights(c, embedding, layers, norm, head);
    }

    /**
     * Weight bytes one decoded token streams: attention and dense or shared MLPs of every layer, the
     * routed experts a token activates ({@code num_experts_per_tok} of them), one embedding row and the
     * LM head — the numerator of the decode memory roofline.
     */
    public long activeBytesPerToken() {
        long bytes = lmHead.storedBytes() + embedding.storedBytes() / embedding.rows();
        for (LayerWeights layer : layers) {
            bytes += layer.mla() != null ? layer.mla().storedBytes() : layer.gqa().storedBytes();
            if (layer.dense() != null) {
                bytes += layer.dense().storedBytes();
            } else {
                MoeWeights moe = layer.moe();
                bytes += moe.router().storedBytes() + (moe.shared() == null ? 0 : moe.shared().storedBytes());
                bytes += (long) config.numExpertsPerTok() * moe.experts().get(0).storedBytes();
            }
        }
        return bytes;
    }

    /** Bytes of every weight held. */
    public long storedBytes() {
        long bytes = embedding.storedBytes() + (lmHead == embedding ? 0 : lmHead.storedBytes());
        for (LayerWeights layer : layers) {
            bytes += layer.mla() != null ? layer.mla().storedBytes() : layer.gqa().storedBytes();
            if (layer.dense() != null) {
                bytes += layer.dense().storedBytes();
            } else {
                MoeWeights moe = layer.moe();
                bytes += moe.router().storedBytes() + (moe.shared() == null ? 0 : moe.shared().storedBytes());
                for (Mlp e : moe.experts()) {
                    bytes += e.storedBytes();
                }
            }
        }
        return bytes;
    }
}
