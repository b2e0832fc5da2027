package dev.hearth.node.shard;

/**
 * One sequence's part of a pipeline step, as every stage sees it: which sequence, the position of
 * its first new token, the tokens (the first stage embeds them; the others use their count, and a
 * stage rebuilding its cache after a failover needs them all), and the cache capacity to allocate
 * when the sequence is new to the stage (a stage grows it when tokens go past it).
 */
public record StageRequest(long sequence, int start, int[] tokens, int capacity) {

    public StageRequest {
        if (start < 0 || tokens.length == 0 || capacity < 1 || start + tokens.length > capacity) {
            throw new IllegalArgumentException("sequence " + sequence + ": " + tokens.length + " tokens at position "
                    + start + " do not fit a cache of " + capacity);
        }
    }
}
