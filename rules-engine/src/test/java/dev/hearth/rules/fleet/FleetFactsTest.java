package dev.hearth.rules.fleet;

import dev.hearth.model.NodeState;
import dev.hearth.model.Sample;
import dev.hearth.rules.facts.GpuEvent;
import dev.hearth.rules.facts.NodeStatus;
import dev.hearth.rules.facts.SeriesWindow;
import dev.hearth.rules.facts.ShardReplicas;
import dev.hearth.rules.facts.SourceHealth;
import dev.hearth.rules.facts.XidPolicy;
import dev.hearth.rules.history.InMemoryMetricHistory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetFactsTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String TEMP = "hearth_gpu_temperature_celsius";

    private final List<Sample> samples = new ArrayList<>();

    private FleetFacts facts(FleetSnapshot fleet) {
        return new FleetFacts(new InMemoryMetricHistory(samples), at -> fleet, FleetFactsConfig.defaults());
    }

    private <T> List<T> of(Class<T> type, List<Object> facts) {
        return facts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void windowsCoverTheirStartAndReadNothingAfterTheEvaluation() {
        for (int s = 0; s <= 60; s += 5) {
            samples.add(new Sample(T0.plusSeconds(s), "n1", TEMP, Map.of("gpu", "0"), 80 + s));
        }
        List<SeriesWindow> windows = of(SeriesWindow.class, facts(FleetSnapshot.empty()).facts(T0.plusSeconds(32)));
        assertThat(windows).singleElement().satisfies(w -> {
            assertThat(w.windowSeconds()).isEqualTo(30);
            assertThat(w.firstMillis()).isEqualTo(T0.toEpochMilli()); // the last sample at or before 2 s
            assertThat(w.lastMillis()).isEqualTo(T0.plusSeconds(30).toEpochMilli());
            assertThat(w.count()).isEqualTo(7);
            assertThat(w.min()).isEqualTo(80.0);
            assertThat(w.max()).isEqualTo(110.0);
            assertThat(w.mean()).isEqualTo(95.0);
            assertThat(w.complete()).isTrue();
        });
        assertThat(of(SeriesWindow.class, facts(FleetSnapshot.empty()).facts(T0.plusSeconds(20))))
                .singleElement().satisfies(w -> assertThat(w.complete()).isFalse()); // nothing at or before -10 s
    }

    @Test
    void nanSamplesAreSkippedAndCounted() {
        samples.add(new Sample(T0, "n1", TEMP, Map.of("gpu", "0"), 70));
        samples.add(new Sample(T0.plusSeconds(5), "n1", TEMP, Map.of("gpu", "0"), Double.NaN));
        FleetFacts facts = facts(FleetSnapshot.empty());
        assertThat(of(SeriesWindow.class, facts.facts(T0.plusSeconds(5)))).singleElement()
                .satisfies(w -> assertThat(w.count()).isEqualTo(1));
        assertThat(facts.skippedSamples()).isEqualTo(1);
    }

    @Test
    void xidRisesBecomeOneEventEachAndAnUnreadableCodeIsSkipped() {
        Map<String, String> labels = Map.of("pci_bus_id", "00000000:01:00.0", "xid", "79");
        samples.add(new Sample(T0, "n1", "hearth_gpu_xid_events_total", labels, 2));
        samples.add(new Sample(T0, "n2", "hearth_gpu_xid_events_total", Map.of("xid", "seventy-nine"), 1));
        FleetFacts facts = facts(FleetSnapshot.empty());
        assertThat(of(GpuEvent.class, facts.facts(T0.plusSeconds(5)))).hasSize(2).allSatisfy(e -> {
            assertThat(e.xid()).isEqualTo(79);
            assertThat(e.pciBusId()).isEqualTo("00000000:01:00.0");
        });
        assertThat(facts.skippedSamples()).isEqualTo(1);
    }

    @Test
    void aReplicaIsLostWhenItsNodeIsIsolatedOrSeenDownForAMinuteNotWhenSilent() {
        for (int s = 0; s <= 90; s += 5) {
            samples.add(new Sample(T0.plusSeconds(s), "n2", "hearth_scrape_up", Map.of("source", "node"), s < 20 ? 1 : 0));
        }
        FleetSnapshot fleet = new FleetSnapshot(List.of(
                new NodeStatus("n1", NodeState.SERVING, "h1", "b1", "s1"),
                new NodeStatus("n2", NodeState.SERVING, "h2", "b1", "s1"),
                new NodeStatus("n3", NodeState.ISOLATED, "h3", "b1", "s1"),
                new NodeStatus("n4", NodeState.SERVING, "h4", "b1", "s1")),
                List.of(new ShardAssignment("stage-0", List.of("n1", "n2", "n3", "n4"), 1)));
        List<Object> at90 = facts(fleet).facts(T0.plusSeconds(90));
        assertThat(of(ShardReplicas.class, at90)).singleElement().satisfies(r -> {
            assertThat(r.serving()).isEqualTo(2);
            assertThat(r.lost()).containsExactly("n2", "n3");
            assertThat(r.getRequired()).isEqualTo(3);
        });
        assertThat(of(SourceHealth.class, at90)).singleElement().satisfies(h -> {
            assertThat(h.up()).isFalse();
            assertThat(h.downSeconds()).isEqualTo(70);
            assertThat(h.sinceMillis()).isEqualTo(T0.plusSeconds(20).toEpochMilli());
        });
        assertThat(of(ShardReplicas.class, facts(fleet).facts(T0.plusSeconds(60))))
                .singleElement().satisfies(r -> assertThat(r.lost()).containsExactly("n3")); // down only 40 s
    }

    @Test
    void factsWithMissingFieldsOrNanAreRefusedNamingTheFact() {
        assertThatThrownBy(() -> new SeriesWindow("n1", TEMP, "s", Map.of(), 30, Double.NaN, 1, 1, 1, 1, 1, 0, 0, true))
                .hasMessage("window of hearth_gpu_temperature_celsius on node n1 has min NaN; it must be a finite"
                        + " number (skip NaN or infinite samples before building facts)");
        assertThatThrownBy(() -> new NodeStatus("n1", null, "h", "b", "s"))
                .hasMessage("status of node n1 needs a state (SERVING, ISOLATED or STANDBY)");
        assertThatThrownBy(() -> new XidPolicy(0, "x", null, "IGNORE", false))
                .hasMessage("Xid policy for code 0: Xid codes are positive integers");
    }
}
