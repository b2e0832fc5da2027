package dev.hearth.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleTest {
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void labelsAreSortedSoASeriesHasOneSpelling() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("sensor", "GPU0");
        labels.put("physical_context", "GPU");
        Sample s = new Sample(T, "node-1", "hearth_bmc_temperature_celsius", labels, 71.5);
        assertThat(s.labels().keySet()).containsExactly("physical_context", "sensor");
        assertThat(s.label("sensor")).isEqualTo("GPU0");
        assertThat(s.label("missing")).isEmpty();
        labels.put("sensor", "changed");
        assertThat(s.label("sensor")).isEqualTo("GPU0");
    }

    @Test
    void invalidNamesAreRefusedNamingThem() {
        assertThatThrownBy(() -> Sample.of(T, "node-1", "bad-name", 1))
                .hasMessageContaining("metric name 'bad-name'");
        assertThatThrownBy(() -> new Sample(T, "node-1", "ok", Map.of("1x", "v"), 1))
                .hasMessageContaining("label name '1x'");
    }

    @Test
    void nodeIdsAreCheckedAndFindingsCopyTheirEvidence() {
        assertThatThrownBy(() -> new NodeIdentity("Node 1", new Topology("h", "b", "s")))
                .hasMessageContaining("node id 'Node 1' is not valid");
        List<Sample> evidence = new java.util.ArrayList<>(List.of(Sample.of(T, "node-1", "m", 1)));
        Finding f = new Finding("node-1", "k", Severity.WARNING, "r", T, evidence, ActionType.ISOLATE, "s");
        evidence.clear();
        assertThat(f.evidence()).hasSize(1);
    }
}
