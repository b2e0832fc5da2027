package dev.hearth.node.shard;

import dev.hearth.node.model.SequenceOwner;

/**
 * One sequence's part of a pipeline step, as every stage sees it: which sequence, the position of
 * its first new token, the tokens (the first stage embeds them; the others use their count, and a
 * stage rebuilding its cache after a failover needs them all), and the cache capacity to allocate
 * when the sequence is new to the stage (a stage grows it when tokens go past it), and whose
 * request it is (household and trace context travel with the frames).
 */
public record StageRequest(long sequence, int start, int[] tokens, int capacity, SequenceOwner owner) {

    /** A request of no particular household, untraced. */
    public StageRequest(long sequence, int start, int[] tokens, int capacity) {
        this(sequence, start, tokens, capacity, SequenceOwner.NONE);
    }

    public StageRequest {
        if (start < 0 || tokens.length == 0 || capacity < 1 || start + tokens.length > capacity) {
            throw new IllegalArgumentException("sequence " + sequence + ": " + tokens.length + " tokens at position "
                    + start + " do not fit a cache of " + capacity);
        }
    }
}
