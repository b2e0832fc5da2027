package dev.hearth.remediation;

import dev.hearth.model.placement.PlacementMap;

import java.util.List;

/**
 * What the composition root knows of the fleet beyond node states, read once per evaluation.
 *
 * @param placement       the placement the fleet follows; {@code null} when every node runs the whole model
 * @param standbys        nodes ready to take shards, best first
 * @param errorBudgetLeft share of the error budget left (0..1); {@code null} when unknown
 */
public record FleetFacts(PlacementMap placement, List<String> standbys, Double errorBudgetLeft) {
    public FleetFacts {
        standbys = List.copyOf(standbys);
    }

    public static FleetFacts none() {
        return new FleetFacts(null, List.of(), null);
    }
}
