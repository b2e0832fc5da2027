package dev.hearth.rules;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Severity;
import dev.hearth.rules.facts.Reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * @param evidence the readings that made the rule fire, oldest first
     */
    public void raise(String rule, String node, String kind, String severity, String action, String summary,
                      Reading... evidence) {
        if (evidence.length == 0) {
            throw new IllegalArgumentException("rule '" + rule + "' raised a finding without evidence");
        }
        Finding f = new Finding(node, kind, Severity.valueOf(severity), rule,
                Instant.ofEpochMilli(evidence[0].epochMillis()),
                Arrays.stream(evidence).map(Reading::toSample).toList(), ActionType.valueOf(action), summary);
        findings.merge(node + "/" + kind, f, (old, neu) -> neu.since().isBefore(old.since()) ? neu : old);
    }

    public List<Finding> findings() {
        return new ArrayList<>(findings.values());
    }
}
