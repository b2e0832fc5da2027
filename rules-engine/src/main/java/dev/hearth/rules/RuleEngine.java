package dev.hearth.rules;

import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.rules.authoring.RuleCompiler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;
import org.kie.api.runtime.rule.Match;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a compiled rule pack over a set of facts. Each evaluation inserts the facts into a fresh
 * session, so a result depends only on the facts: the same history evaluates the same way when
 * replayed.
 *
 * <p>A rule carrying the metadata {@code @shadow}, or written in a shadow file, fires and is audited like
 * any other, but its findings are reported apart and never acted on, so that SREs can watch a new rule
 * before trusting it.
 *
 * <p>Bad input does not stop the engine: a fact with a missing field or a NaN is refused and reported;
 * a rule that fires past the {@link EvaluationLimits} (it never terminates) or throws is reported and
 * the evaluation is run again without it, so every other rule's findings are complete and only that
 * rule's are dropped. The rules can be replaced while evaluations run ({@link #replace}); an evaluation
 * finishes on the rules it started with.
 */
public final class RuleEngine {
    private static final Pattern RULE_IN_MESSAGE = Pattern.compile("[Rr]ule \"([^\"]+)\"");
    /** Buckets of the evaluation time histogram: a small fleet's milliseconds to a large fleet's seconds. */
    static final Duration[] EVALUATION_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5)};
    private final AtomicReference<CompiledRules> rules;
    private final EvaluationLimits limits;
    private final Timer evaluationTime;
    private final AtomicInteger active = new AtomicInteger();

    /** @throws RuleCompilationException when a rule file does not compile; the message names file and line */
    public RuleEngine(RulePack pack, MeterRegistry registry) {
        this(new RuleCompiler().compile(pack), registry, EvaluationLimits.defaults());
    }

    public RuleEngine(CompiledRules rules, MeterRegistry registry, EvaluationLimits limits) {
        this.rules = new AtomicReference<>(Objects.requireNonNull(rules, "rules"));
        this.limits = Objects.requireNonNull(limits, "limits");
        this.evaluationTime = Timer.builder(MetricCatalogue.RULES_EVALUATION_DURATION.meterName())
                .description(MetricCatalogue.RULES_EVALUATION_DURATION.help())
                .serviceLevelObjectives(EVALUATION_BUCKETS).register(registry);
        Gauge.builder(MetricCatalogue.RULES_FINDINGS_ACTIVE.meterName(), active, AtomicInteger::get)
                .description(MetricCatalogue.RULES_FINDINGS_ACTIVE.help()).register(registry);
    }

    /** The rules evaluations run now. */
    public CompiledRules rules() {
        return rules.get();
    }

    /** Evaluations that start from now on use {@code next}; those in flight finish on the rules they had. */
    public void replace(CompiledRules next) {
        rules.set(Objects.requireNonNull(next, "next"));
    }

    /** Evaluates the rules over {@code facts}, as if at {@code now}. */
    public Evaluation evaluate(Instant now, Collection<?> facts) {
        return evaluationTime.record(() -> evaluate(rules.get(), now, facts));
    }

    private Evaluation evaluate(CompiledRules compiled, Instant now, Collection<?> facts) {
        List<EvaluationProblem> problems = new ArrayList<>();
        List<Object> accepted = new ArrayList<>();
        for (Object fact : facts) {
            FactCheck.problem(fact).ifPresentOrElse(
                    why -> problems.add(new EvaluationProblem(EvaluationProblem.Kind.BAD_FACT, FactCheck.describe(fact), why)),
                    () -> accepted.add(fact));
        }
        Set<String> shadowRules = compiled.shadowRules();
        Set<String> leftOut = new LinkedHashSet<>();
        List<Firing> leftOutFirings = new ArrayList<>();
        // each pass leaves out one more rule, so there are at most as many passes as rules
        for (int pass = 0; pass <= compiled.ruleCount(); pass++) {
            Pass result = new Pass(compiled, shadowRules, now, leftOut);
            result.run(accepted);
            if (result.offence == null) {
                return conclude(now, result, shadowRules, leftOutFirings, problems);
            }
            Offence o = result.offence;
            if (o.rule == null || leftOut.contains(o.rule)) {
                problems.add(new EvaluationProblem(EvaluationProblem.Kind.EVALUATION_FAILED, "evaluation",
                        "the evaluation failed and has no findings: " + o.message));
                return finish(new Evaluation(now, List.of(), List.of(), leftOutFirings, problems));
            }
            leftOut.add(o.rule);
            leftOutFirings.add(o.firing);
            problems.add(new EvaluationProblem(o.kind, o.rule, o.message));
        }
        throw new IllegalStateException("rules kept failing after every rule was left out");
    }

    private Evaluation conclude(Instant now, Pass pass, Set<String> shadowRules, List<Firing> leftOutFirings,
                                List<EvaluationProblem> problems) {
        List<Finding> acted = new ArrayList<>();
        List<Finding> shadow = new ArrayList<>();
        Map<String, String> kinds = new HashMap<>();
        for (Finding f : pass.collector.findings()) {
            (shadowRules.contains(f.rule()) ? shadow : acted).add(f);
            kinds.putIfAbsent(f.rule() + "\n" + f.node(), f.kind());
        }
        List<Firing> firings = new ArrayList<>();
        for (Firing f : pass.firings) {
            firings.add(f.node() == null ? f : f.withFinding(f.node(), kinds.get(f.rule() + "\n" + f.node())));
        }
        firings.addAll(leftOutFirings);
        return finish(new Evaluation(now, acted, shadow, firings, problems));
    }

    private Evaluation finish(Evaluation evaluation) {
        active.set(evaluation.findings().size());
        return evaluation;
    }

    /** Why a pass stopped early, and the rule to leave out of the next. */
    private record Offence(EvaluationProblem.Kind kind, String rule, Firing firing, String message) {
    }

    /** One session over the facts, leaving out the rules of earlier passes that looped or failed. */
    private final class Pass {
        final FindingCollector collector = new FindingCollector();
        final List<Firing> firings = new ArrayList<>();
        final Map<String, Integer> counts = new HashMap<>();
        final CompiledRules compiled;
        final Set<String> shadowRules;
        final Instant now;
        final Set<String> leftOut;
        Offence offence;
        Match current;
        int total;

        Pass(CompiledRules compiled, Set<String> shadowRules, Instant now, Set<String> leftOut) {
            this.compiled = compiled;
            this.shadowRules = shadowRules;
            this.now = now;
            this.leftOut = leftOut;
        }

        void run(List<Object> facts) {
            KieSession session = compiled.kieBase().newKieSession();
            try {
                session.setGlobal("findings", collector);
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void beforeMatchFired(BeforeMatchFiredEvent event) {
                        current = event.getMatch();
                    }

                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        current = null;
                        Match match = event.getMatch();
                        Firing firing = firing(match, FiringOutcome.ACTED);
                        firings.add(firing);
                        int count = counts.merge(firing.rule(), 1, Integer::sum);
                        total++;
                        if (count > limits.maxFiringsPerRule() || total > limits.maxFirings()) {
                            offence = looped(match, count);
                            session.halt();
                        }
                    }
                });
                for (Object fact : facts) {
                    session.insert(fact);
                }
                // the cap is also the backstop should halt() not stop a rule that re-triggers itself
                session.fireAllRules(m -> !leftOut.contains(m.getRule().getName()), limits.maxFirings() + 1);
            } catch (RuntimeException e) {
                offence = failed(e);
            } finally {
                session.dispose();
            }
        }

        private Offence looped(Match match, int count) {
            String rule = match.getRule().getName();
            String limit = count > limits.maxFiringsPerRule() ? limits.maxFiringsPerRule() + " per rule"
                    : limits.maxFirings() + " in all";
            return new Offence(EvaluationProblem.Kind.RULE_LOOPED, rule, firing(match, FiringOutcome.LOOPED),
                    "rule \"" + rule + "\" fired " + count + " times in one evaluation (limit " + limit
                            + "): it re-triggers itself, e.g. by modifying a fact its own conditions match; add"
                            + " no-loop or a condition that stops it. Its findings were dropped; the other rules ran"
                            + " without it");
        }

        private Offence failed(RuntimeException e) {
            Match match = e instanceof ConsequenceException ce ? ce.getMatch() : current;
            Throwable cause = e instanceof ConsequenceException && e.getCause() != null ? e.getCause() : e;
            String reason = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": "
                    + cause.getMessage().lines().findFirst().orElse(""));
            if (match != null) {
                String rule = match.getRule().getName();
                return new Offence(EvaluationProblem.Kind.RULE_FAILED, rule, firing(match, FiringOutcome.FAILED),
                        "rule \"" + rule + "\" failed: " + reason + ". Its findings were dropped; the other rules ran"
                                + " without it");
            }
            // an exception while matching names the rule in its message, not in a match
            Matcher m = RULE_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
            String rule = m.find() ? m.group(1) : null;
            Firing firing = rule == null ? null : new Firing(now, rule, "", List.of(), shadowRules.contains(rule),
                    FiringOutcome.FAILED, null, null);
            return new Offence(EvaluationProblem.Kind.RULE_FAILED, rule, firing, (rule == null ? "" : "rule \"" + rule
                    + "\" failed while matching: ") + reason + (rule == null ? "" : ". Its findings were dropped; the"
                    + " other rules ran without it"));
        }

        private Firing firing(Match match, FiringOutcome outcome) {
            Rule rule = match.getRule();
            boolean shadow = shadowRules.contains(rule.getName());
            FiringOutcome o = outcome == FiringOutcome.ACTED && shadow ? FiringOutcome.SHADOW : outcome;
            return new Firing(now, rule.getName(), rule.getPackageName(),
                    match.getObjects().stream().map(String::valueOf).toList(), shadow, o, nodeOf(match), null);
        }
    }

    /** The node a firing is about: the {@code node} of the first matched record that has one. */
    private static String nodeOf(Match match) {
        for (Object fact : match.getObjects()) {
            if (fact != null && fact.getClass().isRecord()) {
                for (RecordComponent c : fact.getClass().getRecordComponents()) {
                    if (c.getName().equals("node") && c.getType() == String.class) {
                        try {
                            c.getAccessor().trySetAccessible();
                            return (String) c.getAccessor().invoke(fact);
                        } catch (ReflectiveOperationException e) {
                            return null;
                        }
                    }
                }
            }
        }
        return null;
    }
}
