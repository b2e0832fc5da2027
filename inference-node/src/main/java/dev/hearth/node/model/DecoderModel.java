package dev.hearth.node.model;

import dev.hearth.node.engine.Kernels;
import java.util.List;

/**
 * The decoder stack shared by DeepSeek-V3 and Llama on one node: the {@link PipelineStage} of every
 * layer. The attention (MLA or GQA) and feed-forward (dense or MoE) of each layer come from its
 * weights.
 */
public final class DecoderModel implements LanguageModel {
    /** Prefill works on chunks of at most this many tokens, bounding its temporary memory. */
    static final int PREFILL_CHUNK = 128;

    private final ModelConfig c;
    private final ModelWeights weights;
    private final PipelineStage stage;

    public DecoderModel(ModelWeights weights, Kernels kernels, int contextLength) {
        this.c = weights.config();
        this.weights = weights;
        this.stage = new PipelineStage(StageWeights.of(weights), kernels, contextLength);
    }

    /** A model of {@code config} with generated weights held in memory (tests, the local fleet). */
    public static DecoderModel generated(ModelConfig config, long seed, Kernels kernels, int contextLength) {
        return new DecoderModel(ModelWeights.load(config, new GeneratedWeights(config, seed)), kernels, contextLength);
    }

    @Override
    public ModelConfig config() {
        return c;
    }

    public ModelWeights weights() {
        return weights;
    }

    @Override
    public long weightBytes() {
        return weights.storedBytes();
    }

    @Override
    public int contextLength() {
        return stage.contextLength();
    }

    @Override
    public RoutingCounts routing() {
        return stage.routing();
    }

    @Override
    public Sequence newSequence() {
        return new ModelSequence(c, stage.contextLength());
    }

    @Override
    public Sequence newSequence(int capacity) {
        return stage.newSequence(capacity);
    }

    @Override
    public float[] decode(Sequence sequence, int token) {
        return step(List.of(new BatchEntry(sequence, new int[] {token})))[0];
    }

    @Override
    public float[] prefill(Sequence sequence, int[] tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("prefill needs at least one token");
        }
        ((ModelSequence) sequence).ensureRoom(tokens.length);
        float[] logits = null;
        for (int from = 0; from < tokens.length; from += PREFILL_CHUNK) {
            int[] chunk = java.util.Arrays.copyOfRange(tokens, from, Math.min(tokens.length, from + PREFILL_CHUNK));
            logits = step(List.of(new BatchEntry(sequence, chunk)))[0];
        }
        return logits;
    }

    @Override
    public float[][] step(List<BatchEntry> batch) {
        return stage.step(batch, null).logits();
    }
}
