package dev.hearth.rules.fleet;

import dev.hearth.rules.facts.NodeStatus;

import java.util.List;

/** The fleet's nodes and shard assignments at one instant. */
public record FleetSnapshot(List<NodeStatus> nodes, List<ShardAssignment> shards) {
    public FleetSnapshot {
        nodes = List.copyOf(nodes);
        shards = List.copyOf(shards);
    }

    public static FleetSnapshot empty() {
        return new FleetSnapshot(List.of(), List.of());
    }
}
