package dev.hearth.collector;

import dev.hearth.model.Sample;

import java.util.ArrayList;
import java.util.List;

/**
 * Test double of the store: refuses every append with {@link StoreUnavailableException} while it is
 * down, and records what it was offered and what it accepted.
 */
final class FailingSinkDouble implements SampleSink {
    private final List<List<Sample>> offered = new ArrayList<>();
    private final List<List<Sample>> accepted = new ArrayList<>();
    private boolean down;

    FailingSinkDouble down() {
        down = true;
        return this;
    }

    FailingSinkDouble up() {
        down = false;
        return this;
    }

    @Override
    public synchronized void append(SampleBatch batch) {
        List<Sample> samples = batch.samples();
        offered.add(samples);
        if (down) {
            throw new StoreUnavailableException("test double: the store is down");
        }
        accepted.add(List.copyOf(samples));
    }

    synchronized List<List<Sample>> offered() {
        return List.copyOf(offered);
    }

    synchronized List<List<Sample>> accepted() {
        return List.copyOf(accepted);
    }

    /** Every accepted sample, in the order the batches were accepted. */
    synchronized List<Sample> acceptedSamples() {
        return accepted.stream().flatMap(List::stream).toList();
    }
}
