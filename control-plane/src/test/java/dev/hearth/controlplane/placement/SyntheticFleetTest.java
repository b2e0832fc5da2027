package dev.hearth.controlplane.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.model.placement.NodeCapacity;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SyntheticFleetTest {
    private static final long GIB = 1L << 30;

    @Test
    void spreadsHouseholdsEvenlyOverBuildingsAndBuildingsOverSpines() {
        List<NodeCapacity> fleet = new SyntheticFleet(1000, 10, 3, 11 * GIB, GIB).build();

        assertThat(fleet).hasSize(1000);
        assertThat(fleet.get(0).id()).isEqualTo("node-0001");
        assertThat(fleet.get(999).id()).isEqualTo("node-1000");
        assertThat(fleet).allSatisfy(n -> assertThat(n.weightBytes()).isEqualTo(10 * GIB));
        Map<String, Long> perBuilding = fleet.stream().collect(Collectors.groupingBy(n -> n.node().topology().building(),
                Collectors.counting()));
        assertThat(perBuilding).hasSize(10);
        assertThat(perBuilding.values()).allSatisfy(c -> assertThat(c).isBetween(99L, 101L));
        assertThat(fleet.stream().map(n -> n.node().topology().spine()).distinct()).hasSize(3);
        long households = fleet.stream().map(n -> n.node().topology().household()).distinct().count();
        assertThat(households).as("every tenth household lends two cards").isEqualTo(910);
        assertThat(new SyntheticFleet(1000, 10, 3, 11 * GIB, GIB).build()).isEqualTo(fleet);
    }

    @Test
    void refusesShapesThatDoNotAddUp() {
        assertThatThrownBy(() -> new SyntheticFleet(0, 1, 1, GIB, 0)).hasMessageContaining("a fleet of 0 nodes");
        assertThatThrownBy(() -> new SyntheticFleet(5, 6, 1, GIB, 0)).hasMessageContaining("buildings is 6; give 1 to the number of nodes (5)");
        assertThatThrownBy(() -> new SyntheticFleet(5, 2, 3, GIB, 0)).hasMessageContaining("spines is 3");
    }
}
