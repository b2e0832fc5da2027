package dev.hearth.node.model;

import dev.hearth.node.engine.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

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
     * router, the routed experts a token activates ({@code num_experts_per_tok} of them), one
     * embedding row and the LM head — the numerator of the decode memory roofline.
     */
    public long activeBytesPerToken() {
        return active(Matrix::storedBytes) + embedding.storedBytes() / embedding.rows();
    }

    /** Weights one token multiplies with (each multiply-add is 2 FLOP). */
    public long activeParametersPerToken() {
        return active(m -> (long) m.rows() * m.cols());
    }

    /** Bytes of every weight matrix held. */
    public long storedBytes() {
        return total(Matrix::storedBytes);
    }

    /** Elements of every weight matrix held. */
    public long parameterCount() {
        return total(m -> (long) m.rows() * m.cols());
    }

    private long active(ToLongFunction<Matrix> f) {
        long sum = f.applyAsLong(lmHead);
        for (LayerWeights layer : layers) {
            sum += attention(layer, f);
            if (layer.dense() != null) {
                sum += mlp(layer.dense(), f);
            } else {
                MoeWeights moe = layer.moe();
                sum += f.applyAsLong(moe.router()) + (moe.shared() == null ? 0 : mlp(moe.shared(), f));
                sum += (long) config.numExpertsPerTok() * mlp(moe.experts().get(0), f);
            }
        }
        return sum;
    }

    private long total(ToLongFunction<Matrix> f) {
        long sum = f.applyAsLong(embedding) + (lmHead == embedding ? 0 : f.applyAsLong(lmHead));
        for (LayerWeights layer : layers) {
            sum += attention(layer, f);
            if (layer.dense() != null) {
                sum += mlp(layer.dense(), f);
            } else {
                MoeWeights moe = layer.moe();
                sum += f.applyAsLong(moe.router()) + (moe.shared() == null ? 0 : mlp(moe.shared(), f));
                for (Mlp e : moe.experts()) {
                    sum += mlp(e, f);
                }
            }
        }
        return sum;
    }

    static long mlp(Mlp m, ToLongFunction<Matrix> f) {
        return f.applyAsLong(m.gate()) + f.applyAsLong(m.up()) + f.applyAsLong(m.down());
    }

    static long attention(LayerWeights layer, ToLongFunction<Matrix> f) {
        if (layer.gqa() != null) {
            GqaWeights g = layer.gqa();
            return f.applyAsLong(g.q()) + f.applyAsLong(g.k()) + f.applyAsLong(g.v()) + f.applyAsLong(g.o());
        }
        MlaWeights m = layer.mla();
        long sum = f.applyAsLong(m.kvA()) + f.applyAsLong(m.kvB()) + f.applyAsLong(m.o());
        return sum + (m.q() != null ? f.applyAsLong(m.q()) : f.applyAsLong(m.qA()) + f.applyAsLong(m.qB()));
    }
}
