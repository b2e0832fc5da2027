package dev.hearth.rules;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import dev.hearth.rules.facts.Evidence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code findings} global of every rule pack. A rule may match the same condition several times
 * in one evaluation; this keeps one finding per node and kind, the one whose condition started first.
 */
public final class FindingCollector {
    private final Map<String, Finding> findings = new LinkedHashMap<>();

    /**
     * Called from rule consequences.
     *
     * @param severity one of {@link Severity}'s names
     * @param action   one of {@link ActionType}'s names
     * @param evidence the facts that made the rule fire, each an {@link Evidence} (a reading, a window, an
     *                 event...); the first says since when the condition holds, all give their samples
     */
    public void raise(String rule, String node, String kind, String severity, String action, String summary,
                      Object... evidence) {
        if (evidence.length == 0) {
            throw new IllegalArgumentException("rule '" + rule + "' raised a finding without evidence;"
                    + " pass the facts it matched");
        }
        Set<Sample> samples = new LinkedHashSet<>();
        for (Object e : evidence) {
            if (!(e instanceof Evidence fact)) {
                throw new IllegalArgumentException("rule '" + rule + "' passed " + e + " as evidence; pass facts"
                        + " that implement " + Evidence.class.getName() + " (readings, windows, events)");
            }
            samples.addAll(fact.samples());
        }
        List<Sample> ordered = new ArrayList<>(samples);
        ordered.sort(Comparator.comparing(Sample::time));
        Finding f = new Finding(node, kind, parse(Severity.class, severity, rule), rule,
                Instant.ofEpochMilli(((Evidence) evidence[0]).sinceMillis()), ordered,
                parse(ActionType.class, action, rule), summary);
        findings.merge(node + "/" + kind, f, (old, neu) -> neu.since().isBefore(old.since()) ? neu : old);
    }

    public List<Finding> findings() {
        return new ArrayList<>(findings.values());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String rule) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rule '" + rule + "' names " + type.getSimpleName() + " '" + name
                    + "'; use one of " + Arrays.toString(type.getEnumConstants()), e);
        }
    }
}
