package dev.hearth.rules;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleEngineTest {

    @Test
    void aBrokenRuleFileIsRefusedNamingFileAndLine() {
        RulePack broken = new RulePack(Map.of("broken.drl", """
                package x;
                import dev.hearth.rules.Reading;
                rule "typo"
                when
                    Reading( nosuchfield == 1 )
                then
                end
                """));
        assertThatThrownBy(() -> new RuleEngine(broken, (from, m) -> List.of(), Duration.ofMinutes(1), Set.of(),
                new SimpleMeterRegistry()))
                .isInstanceOf(RuleCompilationException.class)
                .hasMessageContaining("broken.drl:5")
                .hasMessageContaining("nosuchfield");
    }

    @Test
    void anEmptyPackIsRefused() {
        assertThatThrownBy(() -> new RulePack(Map.of())).hasMessageContaining("at least one rule file");
    }
}
