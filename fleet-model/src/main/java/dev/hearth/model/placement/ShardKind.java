package dev.hearth.model.placement;

/** What part of the model a {@link Shard} holds. */
public enum ShardKind {
    /**
     * A pipeline stage's dense part: a contiguous layer range with its attention, norms, dense MLPs,
     * shared experts and routers; the first stage also holds the token embedding, the last the final
     * norm and the LM head.
     */
    STAGE,
    /**
     * A group of routed experts of one MoE layer. One DeepSeek-V3 MoE layer is larger than an 11 GB
     * card, so its experts are split over several nodes (expert parallel).
     */
    EXPERTS
}
