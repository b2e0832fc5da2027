package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Samples that are stored together or not at all, under an id that stays the same across retries.
 * The id is what makes a retry after an unclear failure (the commit may or may not have reached the
 * database before the connection dropped) store each sample exactly once: a sink that already holds
 * a batch with this id acknowledges it without writing it again.
 */
public record SampleBatch(UUID id, List<Sample> samples) {
    public SampleBatch {
        Objects.requireNonNull(id, "id");
        samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    }

    /** A batch with a fresh random id. */
    public static SampleBatch of(List<Sample> samples) {
        return new SampleBatch(UUID.randomUUID(), samples);
    }

    public int size() {
        return samples.size();
    }
}
