package dev.hearth.node.serving;

import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.RoutingCounts;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.SequenceOwner;

import java.util.List;

/** Base of the scheduler tests' model doubles: computes with a real model; each overrides what it watches. */
abstract class ForwardingModel implements LanguageModel {
    private final LanguageModel inner;

    ForwardingModel(LanguageModel inner) {
        this.inner = inner;
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
    public float[][] step(List<BatchEntry> batch) {
        return inner.step(batch);
    }

    @Override
    public void release(Sequence sequence) {
        inner.release(sequence);
    }
}
