package dev.hearth.node.serving;

import dev.hearth.node.model.BatchEntry;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.SequenceOwner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test double around a real model: computes with it and records, for every step, which household
 * each entry belonged to and how many tokens it carried ("house-b:5") and how long it took, so tests
 * can assert how the scheduler composed its steps. It can also make every step last a while longer,
 * standing in for a slower card, so that the step's time dwarfs the machine's jitter.
 */
final class StepRecordingModel extends ForwardingModel {
    private final Map<Sequence, String> owners = Collections.synchronizedMap(new IdentityHashMap<>());
    final List<List<String>> steps = Collections.synchronizedList(new ArrayList<>());
    /** Each step's duration in nanoseconds, in step order. */
    final List<Long> durations = Collections.synchronizedList(new ArrayList<>());
    private final long pauseMillis;

    StepRecordingModel(LanguageModel inner) {
        this(inner, 0);
    }

    /** Every step also waits {@code pauseMillis} before it computes. */
    StepRecordingModel(LanguageModel inner, long pauseMillis) {
        super(inner);
        this.pauseMillis = pauseMillis;
    }

    @Override
    public Sequence newSequence(int capacity, SequenceOwner owner) {
        Sequence s = super.newSequence(capacity, owner);
        owners.put(s, owner.household());
        return s;
    }

    @Override
    public float[][] step(List<BatchEntry> batch) {
        List<String> step = new ArrayList<>();
        for (BatchEntry e : batch) {
            step.add(owners.get(e.sequence()) + ":" + e.tokens().length);
        }
        long start = System.nanoTime();
        if (pauseMillis > 0) {
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in a step", e);
            }
        }
        float[][] logits = super.step(batch);
        synchronized (steps) { // a step and its duration land together
            steps.add(step);
            durations.add(System.nanoTime() - start);
        }
        return logits;
    }
}
