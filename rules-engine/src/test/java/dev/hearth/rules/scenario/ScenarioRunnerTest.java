package dev.hearth.rules.scenario;

import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.fleet.FleetFactsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioRunnerTest {
    private static final ScenarioRunner RUNNER = new ScenarioRunner(
            new RuleEngine(RulePack.builtIn(), new SimpleMeterRegistry()), FleetFactsConfig.defaults());
    private final ScenarioParser parser = new ScenarioParser();

    private static final String HOT = """
            name: hot GPU
            samples:
              - {at: 0s, node: node-2, metric: hearth_gpu_temperature_celsius, labels: {gpu: "0"}, value: 93, until: 1m}
            """;

    @Test
    void aWrongExpectationFailsWithWhatWasMissingAndWhatCameInstead() {
        ScenarioResult result = RUNNER.run(parser.parse("hot.yaml", HOT + """
                expect:
                  - at: 30s
                    findings: [{node: node-1, kind: gpu-overheat, action: ISOLATE}]
                  - at: 40s
                    findings: [{node: node-2, kind: gpu-overheat, action: NOTIFY}]
                  - {at: 50s, include: [{node: node-2, kind: gpu-overheat}]}
                """));
        assertThat(result.passed()).isFalse();
        assertThat(result.expectations()).extracting(ExpectationResult::line).containsExactly(
                "FAIL at 30s: expected exactly node-1 gpu-overheat ISOLATE; missing node-1 gpu-overheat ISOLATE;"
                        + " unexpected node-2 gpu-overheat ISOLATE (Isolate a GPU over temperature for 30 s:"
                        + " GPU sensor 'GPU 0' above 90 °C for 30 s, now 93.0 °C)",
                "FAIL at 40s: expected exactly node-2 gpu-overheat NOTIFY; differs node-2 gpu-overheat NOTIFY:"
                        + " action is ISOLATE",
                "PASS at 50s: includes node-2 gpu-overheat");
        assertThat(result.changes()).containsExactly("30s opened node-2 gpu-overheat ISOLATE");
        assertThat(result.evaluations()).isEqualTo(11); // 0s .. 50s (the last expectation) every 5 s
    }

    @Test
    void aNanReadingIsSkippedAndCountedWithoutStoppingTheEvaluation() {
        ScenarioResult result = RUNNER.run(parser.parse("nan.yaml", """
                name: a NaN reading among hot ones
                samples:
                  - {at: 0s, node: node-2, metric: hearth_gpu_temperature_celsius, labels: {gpu: "0"}, value: 93, until: 1m}
                  - {at: 10s, node: node-2, metric: hearth_gpu_temperature_celsius, labels: {gpu: "0"}, value: .nan}
                expect:
                  - at: 30s
                    findings: [{node: node-2, kind: gpu-overheat, action: ISOLATE, since: 0s}]
                """));
        assertThat(result.expectations()).allSatisfy(e -> assertThat(e.passed()).as(e.line()).isTrue());
        // the NaN sample is read by every evaluation whose windows reach back to 10 s: 0s .. 30s here
        assertThat(result.skippedSamples()).isEqualTo(5);
    }

    @Test
    void badFilesNameTheFileTheLineAndTheFix() {
        assertThatThrownBy(() -> parser.parse("a.yaml", HOT + """
                expect:
                  - {at: 2 minutes, none: true}
                """)).isInstanceOf(ScenarioFormatException.class)
                .hasMessage("a.yaml:5: '2 minutes' is not a duration; write e.g. 30s, 2m, 1h30m, 3d or PT30S");

        assertThatThrownBy(() -> parser.parse("b.yaml", """
                name: typo
                samples:
                  - {at: 0s, node: node-2, metric: hearth_gpu_temprature_celsius, value: 93}
                expect: [{at: 1m, none: true}]
                """)).isInstanceOf(ScenarioFormatException.class)
                .hasMessage("b.yaml:3: metric 'hearth_gpu_temprature_celsius' at 0s is not in the metric catalogue;"
                        + " use a catalogue name such as hearth_gpu_temperature_celsius");

        assertThatThrownBy(() -> parser.parse("c.yaml", HOT + """
                expect:
                  - {at: 1m, none: true, nothing: true}
                """)).isInstanceOf(ScenarioFormatException.class)
                .hasMessage("c.yaml:5: unknown field 'nothing'; known fields here: absent, at, findings, include, none");

        assertThatThrownBy(() -> parser.parse("d.yaml", HOT))
                .hasMessageStartingWith("d.yaml:").hasMessageContaining("expects nothing; add an 'expect' list");

        assertThatThrownBy(() -> parser.parse("e.yaml", HOT + "expect: [{at: 1m}]"))
                .hasMessage("e.yaml:4: the expectation at 1m checks nothing; give findings, include, absent or none: true");
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertThat(ScenarioDurations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ScenarioDurations.parse("3d")).isEqualTo(Duration.ofDays(3));
        assertThat(ScenarioDurations.parse("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThat(ScenarioDurations.format(Duration.ofSeconds(3725))).isEqualTo("1h2m5s");
    }
}
