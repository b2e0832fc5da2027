package dev.hearth.controlplane.placement;

import dev.hearth.model.NodeIdentity;
import dev.hearth.model.Topology;
import dev.hearth.model.placement.NodeCapacity;
import java.util.ArrayList;
import java.util.List;

/**
 * A made-up neighbourhood to plan against, the same for the same numbers: {@code nodes} GPUs in
 * households (one card each, every tenth household two), households spread evenly over
 * {@code buildings}, buildings over {@code spines} in turn. Node ids are zero-padded so they sort in
 * number order ({@code node-0007}).
 */
public record SyntheticFleet(int nodes, int buildings, int spines, long gpuMemoryBytes, long kvBudgetBytes) {
    public SyntheticFleet {
        if (nodes < 1) {
            throw new IllegalArgumentException("a fleet of " + nodes + " nodes; give at least 1");
        }
        if (buildings < 1 || buildings > nodes) {
            throw new IllegalArgumentException("buildings is " + buildings + "; give 1 to the number of nodes (" + nodes + ")");
        }
        if (spines < 1 || spines > buildings) {
            throw new IllegalArgumentException("spines is " + spines + "; give 1 to the number of buildings (" + buildings + ")");
        }
    }

    public List<NodeCapacity> build() {
        // households first: every tenth one lends two cards, so households and nodes differ
        List<Integer> householdOf = new ArrayList<>(nodes);
        int household = 0;
        while (householdOf.size() < nodes) {
            householdOf.add(household);
            if (household % 10 == 9 && householdOf.size() < nodes) {
                householdOf.add(household);
            }
            household++;
        }
        int households = household;
        int width = String.valueOf(nodes).length();
        int buildingWidth = String.valueOf(buildings).length();
        List<NodeCapacity> fleet = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            int h = householdOf.get(i);
            // a contiguous block of households per building, as even as the counts allow
            int b = (int) ((long) h * buildings / households);
            Topology topology = new Topology(String.format("household-%0" + width + "d", h + 1),
                    String.format("building-%0" + buildingWidth + "d", b + 1), "spine-" + (b % spines + 1));
            fleet.add(new NodeCapacity(new NodeIdentity(String.format("node-%0" + width + "d", i + 1), topology),
                    gpuMemoryBytes, kvBudgetBytes));
        }
        return List.copyOf(fleet);
    }
}
