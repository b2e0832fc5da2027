package dev.hearth.node.serving;

import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.LanguageModel;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Test double around a real model: each batched step waits for a permit the test hands out, so a
 * test can look at the scheduler between steps, while requests are still running.
 */
final class GatedModel extends ForwardingModel {
    private final Semaphore permits = new Semaphore(0);

    GatedModel(LanguageModel inner) {
        super(inner);
    }

    /** Lets {@code steps} more steps run. */
    void allow(int steps) {
        permits.release(steps);
    }

    /** Lets every step run from now on. */
    void open() {
        permits.release(Integer.MAX_VALUE / 2);
    }

    @Override
    public float[][] step(List<BatchEntry> batch) {
        permits.acquireUninterruptibly();
        return super.step(batch);
    }
}
