package dev.hearth.rules;

import java.time.Instant;
import java.util.Objects;

/** One evaluation as the control loop runs it: load the facts as of an instant, then evaluate the rules. */
public final class RuleCycle {
    private final RuleEngine engine;
    private final FactSource facts;

    public RuleCycle(RuleEngine engine, FactSource facts) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.facts = Objects.requireNonNull(facts, "facts");
    }

    public Evaluation evaluate(Instant at) {
        return engine.evaluate(at, facts.facts(at));
    }
}
