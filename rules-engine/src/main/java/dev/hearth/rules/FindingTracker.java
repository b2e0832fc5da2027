package dev.hearth.rules;

import dev.hearth.model.Finding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows findings across evaluations: one finding per node and kind while its condition holds. The
 * first evaluation that sees it opens it; later ones keep its first {@code since} (each evaluation only
 * sees its own window, so would otherwise move it forward) and refresh its evidence; the first
 * evaluation without it resolves it. Not thread-safe: one control loop owns one tracker.
 */
public final class FindingTracker {
    private Map<String, Finding> active = new LinkedHashMap<>();

    public FindingUpdate update(Instant at, List<Finding> findings) {
        Map<String, Finding> next = new LinkedHashMap<>();
        List<Finding> opened = new ArrayList<>();
        List<Finding> ongoing = new ArrayList<>();
        for (Finding f : findings) {
            String key = f.node() + "/" + f.kind();
            Finding before = active.get(key);
            if (before == null) {
                opened.add(f);
                next.put(key, f);
            } else {
                Finding kept = before.since().isBefore(f.since())
                        ? new Finding(f.node(), f.kind(), f.severity(), f.rule(), before.since(), f.evidence(),
                        f.suggestedAction(), f.summary())
                        : f;
                ongoing.add(kept);
                next.put(key, kept);
            }
        }
        List<Finding> resolved = new ArrayList<>();
        active.forEach((key, f) -> {
            if (!next.containsKey(key)) {
                resolved.add(f);
            }
        });
        active = next;
        return new FindingUpdate(at, opened, ongoing, resolved);
    }

    /** The findings that held at the last update. */
    public List<Finding> active() {
        return List.copyOf(active.values());
    }
}
