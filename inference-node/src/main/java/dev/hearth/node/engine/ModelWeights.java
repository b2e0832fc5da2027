package dev.hearth.node.engine;

import java.util.List;

/** All weights of a model, checked against its config on construction. */
public record ModelWeights(ModelConfig config, float[] tokenEmbedding, List<LayerWeights> layers,
                           float[] finalNorm, float[] lmHead) {

    public ModelWeights {
        layers = List.copyOf(layers);
        if (tokenEmbedding.length != config.vocabSize() * config.dim()) {
            throw new IllegalArgumentException("token embedding has " + tokenEmbedding.length
                    + " values, the config needs " + config.vocabSize() * config.dim());
        }
        if (layers.size() != config.layers()) {
            throw new IllegalArgumentException(layers.size() + " layers given, the config has " + config.layers());
        }
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).checkShape(config, i);
        }
        if (finalNorm.length != config.dim() || lmHead.length != config.vocabSize() * config.dim()) {
            throw new IllegalArgumentException("final norm or lm head does not match the config");
        }
    }
}
