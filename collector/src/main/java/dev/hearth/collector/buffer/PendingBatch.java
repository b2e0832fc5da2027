package dev.hearth.collector.buffer;

import dev.hearth.collector.SampleBatch;

import java.time.Instant;
import java.util.Objects;

/** A batch the store has not acknowledged yet, with the time it was collected, from which its ingest lag counts. */
public record PendingBatch(SampleBatch batch, Instant collectedAt) {
    public PendingBatch {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(collectedAt, "collectedAt");
    }

    public int size() {
        return batch.size();
    }
}
