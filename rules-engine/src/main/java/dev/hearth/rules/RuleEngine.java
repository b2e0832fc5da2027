package dev.hearth.rules;

import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Sample;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.runtime.KieSession;
import org.kie.internal.utils.KieHelper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Evaluates a Drools rule pack over the recent history of the fleet. Each evaluation inserts the
 * samples of the last {@code lookback} and the evaluation time into a fresh session, so a result
 * depends only on stored data and the clock: the same history evaluates the same way when replayed.
 */
public final class RuleEngine {
    private final KieBase kieBase;
    private final SampleHistory history;
    private final Duration lookback;
    private final Set<String> metrics;
    private final Timer evaluationTime;
    private final AtomicInteger active = new AtomicInteger();

    /**
     * @param lookback how far back each evaluation reads; must cover the longest rule window
     * @param metrics  the metrics the rules read (an empty set reads everything)
     * @throws RuleCompilationException when a rule file does not compile
     */
    public RuleEngine(RulePack pack, SampleHistory history, Duration lookback, Set<String> metrics,
                      MeterRegistry registry) {
        this.kieBase = compile(pack);
        this.history = history;
        this.lookback = lookback;
        this.metrics = Set.copyOf(metrics);
        this.evaluationTime = Timer.builder(MetricCatalogue.RULES_EVALUATION_DURATION.meterName())
                .description(MetricCatalogue.RULES_EVALUATION_DURATION.help()).register(registry);
        Gauge.builder(MetricCatalogue.RULES_FINDINGS_ACTIVE.meterName(), active, AtomicInteger::get)
                .description(MetricCatalogue.RULES_FINDINGS_ACTIVE.help()).register(registry);
    }

    /** The findings whose condition holds at {@code now}. */
    public List<Finding> evaluate(Instant now) {
        return evaluationTime.record(() -> {
            List<Sample> samples = history.samplesSince(now.minus(lookback), metrics);
            List<Finding> findings = evaluate(now, samples);
            active.set(findings.size());
            return findings;
        });
    }

    /** Evaluates the rules over the given samples, as if at {@code now}. */
    public List<Finding> evaluate(Instant now, List<Sample> samples) {
        FindingCollector collector = new FindingCollector();
        KieSession session = kieBase.newKieSession();
        try {
            session.setGlobal("findings", collector);
            session.insert(new EvaluationTime(now.toEpochMilli()));
            for (Sample s : samples) {
                if (!s.time().isAfter(now)) {
                    session.insert(Reading.of(s));
                }
            }
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        return collector.findings();
    }

    private static KieBase compile(RulePack pack) {
        KieHelper helper = new KieHelper();
        for (Map.Entry<String, String> file : pack.sources().entrySet()) {
            helper.addContent(file.getValue(), "src/main/resources/rules/" + file.getKey());
        }
        Results results = helper.verify();
        List<Message> errors = results.getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw new RuleCompilationException(errors.stream()
                    .map(m -> fileName(m) + ":" + m.getLine() + ": " + m.getText().strip())
                    .collect(Collectors.joining("\n", "rules do not compile:\n", "")));
        }
        return helper.build();
    }

    private static String fileName(Message m) {
        String path = m.getPath() == null ? "?" : m.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
