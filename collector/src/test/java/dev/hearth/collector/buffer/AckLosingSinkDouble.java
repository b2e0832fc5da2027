package dev.hearth.collector.buffer;

import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.SampleSink;
import dev.hearth.collector.StoreUnavailableException;

/**
 * Test double of a connection that drops after the commit: hands the batch to the real store, which
 * stores it, and then reports the store unavailable, as a client does whose acknowledgement was lost.
 * Only the first {@code losses} appends lose theirs.
 */
final class AckLosingSinkDouble implements SampleSink {
    private final SampleSink store;
    private int losses;

    AckLosingSinkDouble(SampleSink store, int losses) {
        this.store = store;
        this.losses = losses;
    }

    @Override
    public synchronized void append(SampleBatch batch) {
        store.append(batch);
        if (losses > 0) {
            losses--;
            throw new StoreUnavailableException("test double: batch " + batch.id()
                    + " was committed but the acknowledgement was lost");
        }
    }
}
