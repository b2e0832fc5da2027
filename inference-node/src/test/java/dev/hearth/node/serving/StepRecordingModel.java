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
 * each entry belonged to and how many tokens it carried ("house-b:5"), so tests can assert how the
 * scheduler composed its steps.
 */
final class StepRecordingModel extends ForwardingModel {
    private final Map<Sequence, String> owners = Collections.synchronizedMap(new IdentityHashMap<>());
    final List<List<String>> steps = Collections.synchronizedList(new ArrayList<>());

    StepRecordingModel(LanguageModel inner) {
        super(inner);
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
        steps.add(step);
        return super.step(batch);
    }
}
