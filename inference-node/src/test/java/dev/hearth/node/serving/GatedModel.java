package dev.hearth.node.serving;

import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.RoutingCounts;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.SequenceOwner;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Test double around a real model: each batched step waits for a permit the test hands out, so a
 * test can look at the scheduler between steps, while requests are still running.
 */
final class GatedModel implements LanguageModel {
    private final LanguageModel inner;
    private final Semaphore permits = new Semaphore(0);

    GatedModel(LanguageModel inner) {
        this.inner = inner;
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
        return inner.step(batch);
    }

    @Override
    public ModelConfig config() {
        return inner.config();
    }

    @Override
    public long weightBytes() {
        return inner.weightBytes();
    }

    @Override
    public int contextLength() {
        return inner.contextLength();
    }

    @Override
    public Sequence newSequence() {
        return inner.newSequence();
    }

    @Override
    public Sequence newSequence(int capacity) {
        return inner.newSequence(capacity);
    }

    @Override
    public Sequence newSequence(int capacity, SequenceOwner owner) {
        return inner.newSequence(capacity, owner);
    }

    @Override
    public RoutingCounts routing() {
        return inner.routing();
    }

    @Override
    public float[] prefill(Sequence sequence, int[] tokens) {
        return inner.prefill(sequence, tokens);
    }

    @Override
    public float[] decode(Sequence sequence, int token) {
        return inner.decode(sequence, token);
    }

    @Override
    public void release(Sequence sequence) {
        inner.release(sequence);
    }
}
