package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.util.List;

/**
 * Where the collector hands normalised samples: the metric store's input. The collector owns this
 * interface so that it depends on nothing downstream; the store implements it.
 */
public interface SampleSink {

    /**
     * Stores all of {@code samples} or none of them.
     *
     * @throws StoreUnavailableException when the store cannot take them right now (database down,
     *                                   connection lost); the caller keeps them and tries again later
     */
    void append(List<Sample> samples);
}
