package dev.hearth.node.model;

/**
 * A loaded model that turns tokens into next-token logits. One instance serves many sequences at
 * once; each sequence's KV cache and scratch space live in its {@link Sequence}.
 */
public interface LanguageModel {

    ModelConfig config();

    /** Bytes of weights this node holds (all of them, or its shard's). */
    long weightBytes();

    /** Longest sequence (prompt plus completion) a {@link Sequence} can hold. */
    int contextLength();

    Sequence newSequence();

    /**
     * A sequence whose KV cache holds {@code capacity} tokens (at most {@link #contextLength()}):
     * a request allocates only what its prompt and {@code max_tokens} can use.
     */
    Sequence newSequence(int capacity);

    /** A sequence for {@code owner}'s request; only a model split over nodes has use for the owner. */
    default Sequence newSequence(int capacity, SequenceOwner owner) {
        return newSequence(capacity);
    }

    /** Tokens each routed expert has received, per MoE layer (empty for dense models). */
    RoutingCounts routing();

    /**
     * Appends {@code tokens} to the sequence in one batched pass (GEMM) and returns the logits after
     * the last of them.
     */
    float[] prefill(Sequence sequence, int[] tokens);

    /** Appends one token (the decode step) and returns the logits after it. */
    float[] decode(Sequence sequence, int token);

    /**
     * One batched step: appends each entry's tokens to its sequence (decode steps and prefill chunks
     * may be mixed; a sequence appears at most once) in a single pass over the weights, and returns
     * the logits after each entry's last token, in entry order.
     */
    float[][] step(java.util.List<BatchEntry> batch);

    /**
     * Says the sequence is done. Its cache on this node goes with its last reference; a model
     * spread over nodes also frees it on the others, so callers release every sequence they make.
     */
    default void release(Sequence sequence) {
    }
}
