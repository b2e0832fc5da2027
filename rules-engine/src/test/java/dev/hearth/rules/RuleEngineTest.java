package dev.hearth.rules;

import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.rules.facts.Reading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class RuleEngineTest {

    @Test
    void aBrokenRuleFileIsRefusedNamingFileAndLine() {
        RulePack broken = new RulePack(Map.of("broken.drl", """
                package x;
                import dev.hearth.rules.facts.Reading;
                rule "typo"
                when
                    Reading( nosuchfield == 1 )
                then
                end
                """));
        assertThatThrownBy(() -> new RuleEngine(broken, new SimpleMeterRegistry()))
                .isInstanceOf(RuleCompilationException.class)
                .hasMessageContaining("broken.drl:5")
                .hasMessageContaining("nosuchfield");
    }

    @Test
    void anEmptyPackIsRefused() {
        assertThatThrownBy(() -> new RulePack(Map.of())).hasMessageContaining("at least one rule file");
    }

    @Test
    void shadowRulesFireAndAreAuditedButTheirFindingsAreKeptApart() {
        RulePack pack = new RulePack(Map.of("hot.drl", """
                package t;
                import dev.hearth.rules.facts.Reading;
                global dev.hearth.rules.FindingCollector findings;
                rule "Hot node isolated"
                when
                    $r : Reading( metric == "t", value > 90 )
                then
                    findings.raise(drools.getRule().getName(), $r.node(), "hot", "CRITICAL", "ISOLATE", "hot", $r);
                end
                rule "Warm node noted"
                @shadow
                when
                    $r : Reading( metric == "t", value > 80 )
                then
                    findings.raise(drools.getRule().getName(), $r.node(), "warm", "INFO", "NOTIFY", "warm", $r);
                end
                """));
        RuleEngine engine = new RuleEngine(pack, new SimpleMeterRegistry());
        Instant at = Instant.parse("2026-01-01T00:00:00Z");

        Evaluation result = engine.evaluate(at, List.of(
                Reading.of(Sample.of(at, "n1", "t", 95)), Reading.of(Sample.of(at, "n2", "t", 85))));

        assertThat(result.findings()).extracting(Finding::node, Finding::kind).containsExactly(tuple("n1", "hot"));
        assertThat(result.shadowFindings()).extracting(Finding::node, Finding::kind)
                .containsExactlyInAnyOrder(tuple("n1", "warm"), tuple("n2", "warm"));
        assertThat(result.firings()).extracting(Firing::rule, Firing::shadow).containsExactlyInAnyOrder(
                tuple("Hot node isolated", false), tuple("Warm node noted", true), tuple("Warm node noted", true));
        assertThat(result.firings()).allSatisfy(f -> {
            assertThat(f.pack()).isEqualTo("t");
            assertThat(f.at()).isEqualTo(at);
            assertThat(f.matched()).singleElement().asString().startsWith("Reading[node=n");
        });
    }
}
