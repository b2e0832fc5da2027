package dev.hearth.rules;

import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.builder.Results;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.internal.utils.KieHelper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Evaluates a Drools rule pack over a set of facts. Each evaluation inserts the facts into a fresh
 * session, so a result depends only on the facts: the same history evaluates the same way when
 * replayed.
 *
 * <p>A rule carrying the metadata {@code @shadow} fires and is audited like any other, but its findings
 * are reported apart and never acted on, so that SREs can watch a new rule before trusting it.
 */
public final class RuleEngine {
    private final KieBase kieBase;
    private final Set<String> shadowRules;
    private final Timer evaluationTime;
    private final AtomicInteger active = new AtomicInteger();

    /** @throws RuleCompilationException when a rule file does not compile; the message names file and line */
    public RuleEngine(RulePack pack, MeterRegistry registry) {
        this.kieBase = compile(pack);
        this.shadowRules = shadowRules(kieBase);
        this.evaluationTime = Timer.builder(MetricCatalogue.RULES_EVALUATION_DURATION.meterName())
                .description(MetricCatalogue.RULES_EVALUATION_DURATION.help()).register(registry);
        Gauge.builder(MetricCatalogue.RULES_FINDINGS_ACTIVE.meterName(), active, AtomicInteger::get)
                .description(MetricCatalogue.RULES_FINDINGS_ACTIVE.help()).register(registry);
    }

    /** Evaluates the rules over {@code facts}, as if at {@code now}. */
    public Evaluation evaluate(Instant now, Collection<?> facts) {
        return evaluationTime.record(() -> {
            FindingCollector collector = new FindingCollector();
            List<Firing> firings = new ArrayList<>();
            KieSession session = kieBase.newKieSession();
            try {
                session.setGlobal("findings", collector);
                session.addEventListener(new DefaultAgendaEventListener() {
                    @Override
                    public void afterMatchFired(AfterMatchFiredEvent event) {
                        Rule rule = event.getMatch().getRule();
                        firings.add(new Firing(now, rule.getName(), rule.getPackageName(),
                                event.getMatch().getObjects().stream().map(String::valueOf).toList(),
                                shadowRules.contains(rule.getName())));
                    }
                });
                for (Object fact : facts) {
                    session.insert(fact);
                }
                session.fireAllRules();
            } finally {
                session.dispose();
            }
            List<Finding> acted = new ArrayList<>();
            List<Finding> shadow = new ArrayList<>();
            for (Finding f : collector.findings()) {
                (shadowRules.contains(f.rule()) ? shadow : acted).add(f);
            }
            active.set(acted.size());
            return new Evaluation(now, acted, shadow, firings);
        });
    }

    private static Set<String> shadowRules(KieBase kieBase) {
        Set<String> shadow = new HashSet<>();
        for (KiePackage p : kieBase.getKiePackages()) {
            for (Rule rule : p.getRules()) {
                if (rule.getMetaData().containsKey("shadow")) {
                    shadow.add(rule.getName());
                }
            }
        }
        return Set.copyOf(shadow);
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
