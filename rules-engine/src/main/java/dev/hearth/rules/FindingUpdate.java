package dev.hearth.rules;

import dev.hearth.model.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed in the findings at one evaluation.
 *
 * @param opened   findings whose condition started to hold: the ones to act on
 * @param ongoing  findings that held before and still hold, with the {@code since} of their first evaluation
 * @param resolved findings that held at the previous evaluation and no longer do, as last seen
 */
public record FindingUpdate(Instant at, List<Finding> opened, List<Finding> ongoing, List<Finding> resolved) {
    public FindingUpdate {
        opened = List.copyOf(opened);
        ongoing = List.copyOf(ongoing);
        resolved = List.copyOf(resolved);
    }

    /** Every finding whose condition holds now: opened, then ongoing. */
    public List<Finding> active() {
        List<Finding> all = new ArrayList<>(opened);
        all.addAll(ongoing);
        return all;
    }
}
