package dev.hearth.node.serving;

import dev.hearth.node.generation.SamplingParams;

/**
 * One request for the batch scheduler: whose it is, its prompt (already tokenized, BOS included),
 * how many tokens it may generate and how to sample them.
 *
 * @param household who pays: fair queueing and the per-household limits are keyed by it
 * @param weight    the household's share when requests queue (2.0 gets twice the decode slots of 1.0)
 * @param maxKvBlocks the household's KV-cache quota on this node, in blocks (0: no quota of its own)
 * @param traceparent the request's W3C trace context, passed to other nodes that work on it (empty: untraced)
 */
public record GenerationJob(String household, double weight, int[] prompt, int maxTokens, SamplingParams sampling,
                            int maxKvBlocks, String traceparent) {

    /** A job whose household has no KV quota of its own. */
    public GenerationJob(String household, double weight, int[] prompt, int maxTokens, SamplingParams sampling) {
        this(household, weight, prompt, maxTokens, sampling, 0, "");
    }

    /** An untraced job. */
    public GenerationJob(String household, double weight, int[] prompt, int maxTokens, SamplingParams sampling,
                         int maxKvBlocks) {
        this(household, weight, prompt, maxTokens, sampling, maxKvBlocks, "");
    }

    public GenerationJob {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("a prompt needs at least one token");
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("max_tokens must be at least 1, was " + maxTokens);
        }
        if (maxKvBlocks < 0) {
            throw new IllegalArgumentException("a KV quota cannot be negative, was " + maxKvBlocks);
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("a household's weight must be positive, was " + weight);
        }
    }
}
