package dev.hearth.remediation;

import dev.hearth.model.NodeState;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardPlacement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the planner and the guard read about the fleet at one moment.
 *
 * @param nodes           every node remediation manages, by id, in the fleet's order
 * @param placement       which nodes hold which shard replicas; {@code null} when every node runs the whole
 *                        model (then each node is one replica of it)
 * @param standbys        nodes loaded with nothing that can take an isolated node's shards, best first
 * @param errorBudgetLeft share of the SLO's error budget left (0..1); {@code null} when not known
 * @param recentActions   ids of actions already carried out (or decided) recently: planned again, they are skipped
 * @param load            each serving node's latency, temperature and gateway weight (see {@link FleetFacts})
 */
public record FleetView(Map<String, NodeStatus> nodes, PlacementMap placement, List<String> standbys,
                        Double errorBudgetLeft, Set<String> recentActions, Map<String, NodeLoad> load) {
    /** The node id that fleet-wide findings and actions name. */
    public static final String FLEET = "fleet";

    public FleetView {
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(nodes, "nodes")));
        standbys = List.copyOf(standbys);
        recentActions = Set.copyOf(recentActions);
        load = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(load));
    }

    public FleetView(Map<String, NodeStatus> nodes, PlacementMap placement, List<String> standbys,
                     Double errorBudgetLeft, Set<String> recentActions) {
        this(nodes, placement, standbys, errorBudgetLeft, recentActions, Map.of());
    }

    public static FleetView of(Map<String, NodeStatus> nodes) {
        return new FleetView(nodes, null, List.of(), null, Set.of());
    }

    public boolean knows(String node) {
        return FLEET.equals(node) || nodes.containsKey(node);
    }

    public boolean isolated(String node) {
        NodeStatus s = nodes.get(node);
        return s != null && s.state() == NodeState.ISOLATED;
    }

    public long isolatedCount() {
        return nodes.values().stream().filter(s -> s.state() == NodeState.ISOLATED).count();
    }

    /** The shards {@code node} holds a replica of; in a whole-model fleet, one shard held by every node. */
    public List<ShardPlacement> shardsOn(String node) {
        if (placement == null) {
            return List.of();
        }
        return placement.shards().stream().filter(p -> p.nodes().contains(node)).toList();
    }

    public FleetView withNodes(Map<String, NodeStatus> next) {
        return new FleetView(next, placement, standbys, errorBudgetLeft, recentActions, load);
    }
}
