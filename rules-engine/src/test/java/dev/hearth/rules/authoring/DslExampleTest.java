package dev.hearth.rules.authoring;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import dev.hearth.rules.Evaluation;
import dev.hearth.rules.LoadedRule;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.facts.EvaluationTime;
import dev.hearth.rules.facts.Reading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The shipped example in sentences compiles, and fires as the DRL it stands for does on the same facts. */
class DslExampleTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String TEMP = "hearth_bmc_temperature_celsius";
    private static final RuleEngine SENTENCES = new RuleEngine(
            new RulePack(Map.of("gpu-overheat.dslr", resource("examples/gpu-overheat.dslr"))), new SimpleMeterRegistry());
    private static final RuleEngine DRL = new RuleEngine(
            new RulePack(Map.of("gpu-overheat.drl", resource("authoring/gpu-overheat.drl"))), new SimpleMeterRegistry());

    @Test
    void theExampleCompilesWithItsShadowRule() {
        assertThat(SENTENCES.rules().files()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("gpu-overheat.dslr");
            assertThat(f.shadow()).isFalse();
            assertThat(f.rules()).extracting(LoadedRule::name, LoadedRule::line, LoadedRule::shadow).containsExactly(
                    tuple("GPU hot for 2 minutes", 9, false),
                    tuple("Node draws more than its supply is rated for", 17, true));
        });
    }

    @Test
    void sentencesAndDrlRaiseTheSameFindings() {
        List<Object> facts = new ArrayList<>();
        facts.add(new EvaluationTime(T0.plusSeconds(150).toEpochMilli()));
        for (int i = 0; i <= 75; i++) { // node-2: 93 °C every 2 s for 150 s
            facts.add(gpu("node-2", T0.plusSeconds(2L * i), 93));
        }
        for (int i = 0; i <= 75; i++) { // node-1: hot, but cooled once 100 s ago
            facts.add(gpu("node-1", T0.plusSeconds(2L * i), i == 25 ? 88 : 95));
        }

        Evaluation sentences = SENTENCES.evaluate(T0.plusSeconds(150), facts);
        Evaluation drl = DRL.evaluate(T0.plusSeconds(150), facts);

        assertThat(sentences.findings()).extracting(Finding::node, Finding::kind, Finding::severity,
                Finding::suggestedAction).containsExactlyInAnyOrder(
                tuple("node-2", "gpu-overheat", Severity.CRITICAL, ActionType.ISOLATE),
                tuple("node-2", "gpu-overheat-repair", Severity.WARNING, ActionType.OPEN_REPAIR_TICKET));
        Finding isolate = sentences.findings().stream().filter(f -> f.kind().equals("gpu-overheat")).findFirst()
                .orElseThrow();
        assertThat(isolate.rule()).isEqualTo("GPU hot for 2 minutes");
        assertThat(isolate.summary()).isEqualTo("GPU temperature above 90 °C for 120 s, now 93.0 °C");
        assertThat(isolate.since()).isEqualTo(T0.plusSeconds(30));
        assertThat(isolate.evidence()).extracting(Sample::time).containsExactly(T0.plusSeconds(30), T0.plusSeconds(150));
        assertThat(withoutRule(sentences.findings())).isEqualTo(withoutRule(drl.findings()));
        assertThat(sentences.shadowFindings()).isEmpty();
    }

    @Test
    void theShadowSentenceRuleIsAuditedNotActedOn() {
        Instant now = T0.plusSeconds(10);
        Evaluation e = SENTENCES.evaluate(now, List.of(new EvaluationTime(now.toEpochMilli()),
                Reading.of(Sample.of(T0, "node-3", "hearth_bmc_power_watts", 340)),
                Reading.of(Sample.of(T0, "node-4", "hearth_bmc_power_watts", 300))));
        assertThat(e.findings()).isEmpty();
        assertThat(e.shadowFindings()).singleElement().satisfies(f -> {
            assertThat(f.node()).isEqualTo("node-3");
            assertThat(f.kind()).isEqualTo("hearth_bmc_power_watts-high-notify");
            assertThat(f.suggestedAction()).isEqualTo(ActionType.NOTIFY);
            assertThat(f.summary()).isEqualTo("power draw above the supply rating");
        });
    }

    private static List<Finding> withoutRule(List<Finding> findings) {
        return findings.stream().map(f -> new Finding(f.node(), f.kind(), f.severity(), "-", f.since(), f.evidence(),
                f.suggestedAction(), f.summary())).sorted(Comparator.comparing(Finding::kind)).toList();
    }

    private static Reading gpu(String node, Instant at, double celsius) {
        return Reading.of(new Sample(at, node, TEMP, Map.of("sensor", "GPU0", "physical_context", "GPU"), celsius));
    }

    static String resource(String path) {
        try (InputStream in = DslExampleTest.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
