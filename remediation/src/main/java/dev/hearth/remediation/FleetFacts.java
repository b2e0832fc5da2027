package dev.hearth.remediation;

import dev.hearth.model.placement.PlacementMap;

import java.util.List;
import java.util.Map;

/**
 * What the composition root knows of the fleet beyond node states, read once per evaluation.
 *
 * @param placement       the placement the fleet follows; {@code null} when every node runs the whole model
 * @param standbys        nodes ready to take shards, best first
 * @param errorBudgetLeft share of the error budget left (0..1); {@code null} when unknown
 * @param load            each serving node's latency, temperature and gateway weight, by node; empty
 *                        when the fleet cannot weight its nodes
 */
public record FleetFacts(PlacementMap placement, List<String> standbys, Double errorBudgetLeft,
                         Map<String, NodeLoad> load) {
    public FleetFacts {
        standbys = List.copyOf(standbys);
        load = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(load));
    }

    public FleetFacts(PlacementMap placement, List<String> standbys, Double errorBudgetLeft) {
        this(placement, standbys, errorBudgetLeft, Map.of());
    }

    public static FleetFacts none() {
        return new FleetFacts(null, List.of(), null);
    }
}
