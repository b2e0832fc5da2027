package dev.hearth.node.model;

import java.util.List;

/**
 * Where each entry of a batched step sits: its sequence, the position of its first new token, how
 * many tokens it appends and the row of the step's activation matrix its first token occupies.
 */
final class StepPlan {
    final ModelSequence[] sequences;
    final int[] start;
    final int[] count;
    final int[] row;
    final int rows;

    StepPlan(List<BatchEntry> batch) {
        int n = batch.size();
        sequences = new ModelSequence[n];
        start = new int[n];
        count = new int[n];
        row = new int[n];
        int r = 0;
        for (int i = 0; i < n; i++) {
            BatchEntry e = batch.get(i);
            sequences[i] = (ModelSequence) e.sequence();
            for (int j = 0; j < i; j++) {
                if (sequences[j] == sequences[i]) {
                    throw new IllegalArgumentException("a sequence appears twice in one step");
                }
            }
            sequences[i].ensureRoom(e.tokens().length);
            start[i] = sequences[i].length;
            count[i] = e.tokens().length;
            row[i] = r;
            r += count[i];
        }
        rows = r;
    }

    int size() {
        return sequences.length;
    }
}
