package dev.hearth.collector;

/**
 * Where the collector hands normalised samples: the metric store's input. The collector owns this
 * interface so that it depends on nothing downstream; the store implements it.
 */
public interface SampleSink {

    /**
     * Stores all samples of {@code batch} or none of them, exactly once: when a batch with the same id
     * has already been stored, this returns without writing anything.
     *
     * @throws StoreUnavailableException when the store cannot take them right now (database down,
     *                                   connection lost); the caller keeps the batch, with its id, and
     *                                   tries again later
     */
    void append(SampleBatch batch);
}
