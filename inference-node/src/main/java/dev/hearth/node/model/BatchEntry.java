package dev.hearth.node.model;

/**
 * One sequence's share of a batched step: the tokens it appends — one for a decode step, a chunk of
 * its prompt for prefill. A step may mix both, which is what lets new requests join a running batch.
 */
public record BatchEntry(Sequence sequence, int[] tokens) {

    public BatchEntry {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("a batch entry appends at least one token");
        }
    }
}
