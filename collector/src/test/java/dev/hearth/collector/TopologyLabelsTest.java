package dev.hearth.collector;

import dev.hearth.model.NodeIdentity;
import dev.hearth.model.Sample;
import dev.hearth.model.Topology;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyLabelsTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private final TopologyLabels topology = TopologyLabels.of(List.of(
            new NodeIdentity("node-1", new Topology("household-7", "building-2", "spine-1"))));

    @Test
    void addsHouseholdBuildingAndSpineKeepingTheOtherLabels() {
        Sample labelled = topology.label(new Sample(AT, "node-1", "hearth_bmc_fan_speed_rpm", Map.of("fan", "FAN1"), 1800));

        assertThat(labelled.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("fan", "FAN1",
                "household", "household-7", "building", "building-2", "spine", "spine-1"));
        assertThat(labelled.value()).isEqualTo(1800);
        assertThat(labelled.time()).isEqualTo(AT);
    }

    @Test
    void aScrapedLabelOfTheSameNameIsKeptAsExported() {
        Sample scraped = new Sample(AT, "node-1", "hearth_household_requests_total",
                Map.of("household", "alice", "outcome", "ok"), 3);

        assertThat(topology.label(scraped).labels()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "household", "household-7", "exported_household", "alice", "outcome", "ok",
                "building", "building-2", "spine", "spine-1"));
    }

    @Test
    void anExportedNameThatIsTakenTooIsPrefixedAgain() {
        Sample scraped = new Sample(AT, "node-1", "m", Map.of("spine", "a", "exported_spine", "b"), 1);

        assertThat(topology.label(scraped).labels())
                .containsEntry("spine", "spine-1")
                .containsEntry("exported_spine", "b")
                .containsEntry("exported_exported_spine", "a");
    }

    @Test
    void aNodeWithoutTopologyIsRefused() {
        assertThatThrownBy(() -> topology.label(List.of(Sample.of(AT, "node-2", "m", 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node node-2 has a source but no topology (household, building, spine), so its samples"
                        + " could not be labelled; add it to the collector's topology map (known: node-1)");
    }
}
