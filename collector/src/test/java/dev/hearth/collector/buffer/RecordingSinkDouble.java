package dev.hearth.collector.buffer;

import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.SampleSink;
import dev.hearth.collector.StoreUnavailableException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test double of the store: keeps each batch id once, as the real store does, refuses every append
 * while it is down, and records every attempt.
 */
final class RecordingSinkDouble implements SampleSink {
    private final Map<UUID, SampleBatch> stored = new LinkedHashMap<>();
    private final List<UUID> attempts = new ArrayList<>();
    private boolean down;

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    @Override
    public synchronized void append(SampleBatch batch) {
        attempts.add(batch.id());
        if (down) {
            throw new StoreUnavailableException("test double: the store is down");
        }
        stored.putIfAbsent(batch.id(), batch);
    }

    /** Stored batches in the order they were first stored. */
    synchronized List<SampleBatch> stored() {
        return List.copyOf(stored.values());
    }

    synchronized List<UUID> attempts() {
        return List.copyOf(attempts);
    }
}
