package dev.hearth.rules.authoring;

import dev.hearth.rules.facts.Reading;
import org.kie.api.runtime.rule.RuleContext;

import java.util.Comparator;

/** The readings a rule's match holds, for DSL consequences that cannot name them one by one. */
public final class Matched {
    private Matched() {
    }

    /** The distinct readings of the firing match, oldest first: a finding's evidence. */
    public static Reading[] readings(RuleContext drools) {
        return drools.getMatch().getObjects().stream()
                .filter(Reading.class::isInstance).map(Reading.class::cast).distinct()
                .sorted(Comparator.comparingLong(Reading::epochMillis))
                .toArray(Reading[]::new);
    }
}
