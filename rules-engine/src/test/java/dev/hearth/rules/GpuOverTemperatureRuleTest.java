package dev.hearth.rules;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import dev.hearth.rules.fleet.FleetFacts;
import dev.hearth.rules.fleet.FleetFactsConfig;
import dev.hearth.rules.fleet.FleetSnapshot;
import dev.hearth.rules.history.InMemoryMetricHistory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GpuOverTemperatureRuleTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String TEMP = "hearth_bmc_temperature_celsius";
    /** Compiling the pack takes seconds: one engine for the class. */
    private static final RuleEngine RULES = new RuleEngine(RulePack.builtIn(), new SimpleMeterRegistry());
    private final List<Sample> history = new ArrayList<>();
    /** Evaluates over the samples written so far, as the control loop would over the store. */
    private final RuleCycle engine = new RuleCycle(RULES, at -> new FleetFacts(new InMemoryMetricHistory(history),
            t -> FleetSnapshot.empty(), FleetFactsConfig.defaults()).facts(at));

    /** Readings of one sensor every 2 s from T0, one per value. */
    private void gpu(String node, double... values) {
        for (int i = 0; i < values.length; i++) {
            history.add(new Sample(T0.plusSeconds(2L * i), node, TEMP,
                    Map.of("sensor", "GPU0", "physical_context", "GPU"), values[i]));
        }
    }

    private static double[] repeat(double value, int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    @Test
    void firesOnceTheGpuStayedHotForThirtySeconds() {
        gpu("node-2", repeat(93, 16)); // T0 .. T0+30s
        List<Finding> findings = engine.evaluate(T0.plusSeconds(30)).findings();
        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.node()).isEqualTo("node-2");
        assertThat(f.kind()).isEqualTo("gpu-overheat");
        assertThat(f.rule()).isEqualTo("Isolate a GPU over temperature for 30 s");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.suggestedAction()).isEqualTo(ActionType.ISOLATE);
        assertThat(f.since()).isEqualTo(T0);
        assertThat(f.evidence()).extracting(Sample::time).containsExactly(T0, T0.plusSeconds(30));
        assertThat(f.summary()).isEqualTo("GPU sensor 'GPU0' above 90 °C for 30 s, now 93.0 °C");
    }

    @Test
    void staysSilentBeforeTheWindowIsCovered() {
        gpu("node-2", repeat(93, 15)); // T0 .. T0+28s
        assertThat(engine.evaluate(T0.plusSeconds(28)).findings()).isEmpty();
    }

    @Test
    void aSingleCoolReadingInTheWindowRestartsTheClock() {
        double[] values = repeat(95, 25);
        values[10] = 89; // T0+20s
        gpu("node-1", values); // hot again from T0+22s to T0+48s: only 26 s
        assertThat(engine.evaluate(T0.plusSeconds(48)).findings()).isEmpty();
        history.add(new Sample(T0.plusSeconds(52), "node-1", TEMP,
                Map.of("sensor", "GPU0", "physical_context", "GPU"), 96));
        assertThat(engine.evaluate(T0.plusSeconds(52)).findings()).singleElement()
                .satisfies(f -> assertThat(f.since()).isEqualTo(T0.plusSeconds(22)));
    }

    @Test
    void exactlyNinetyIsNotOverTemperature() {
        gpu("node-1", repeat(90.0, 20));
        assertThat(engine.evaluate(T0.plusSeconds(38)).findings()).isEmpty();
    }

    @Test
    void staleReadingsDoNotKeepAFindingAlive() {
        gpu("node-3", repeat(99, 16));
        assertThat(engine.evaluate(T0.plusSeconds(30)).findings()).hasSize(1);
        assertThat(engine.evaluate(T0.plusSeconds(46)).findings()).isEmpty(); // newest reading is 16 s old
    }

    @Test
    void otherSensorsDoNotCount() {
        for (int i = 0; i < 16; i++) {
            history.add(new Sample(T0.plusSeconds(2L * i), "node-1", TEMP,
                    Map.of("sensor", "Inlet", "physical_context", "Intake"), 95));
        }
        assertThat(engine.evaluate(T0.plusSeconds(30)).findings()).isEmpty();
    }

    @Test
    void eachNodeIsJudgedOnItsOwnReadings() {
        gpu("node-1", repeat(60, 16));
        gpu("node-2", repeat(92, 16));
        gpu("node-3", repeat(97, 16));
        assertThat(engine.evaluate(T0.plusSeconds(30)).findings()).extracting(Finding::node)
                .containsExactlyInAnyOrder("node-2", "node-3");
    }

    @Test
    void readingsAfterTheEvaluationTimeAreIgnored() {
        gpu("node-2", repeat(93, 16));
        assertThat(engine.evaluate(T0.plusSeconds(20)).findings()).isEmpty();
    }
}
