package dev.hearth.collector.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one retention run dropped: whole day partitions (native layout) or chunks (TimescaleDB layout)
 * entirely older than {@code cutoff}, by table name, oldest first; and how many batch ids older than
 * the cutoff were forgotten.
 */
public record RetentionResult(StoreLayout layout, Instant cutoff, List<String> droppedTables, int forgottenBatches) {
    public RetentionResult {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(cutoff, "cutoff");
        droppedTables = List.copyOf(Objects.requireNonNull(droppedTables, "droppedTables"));
    }
}
