package dev.hearth.model.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Where the replicas of one shard live: {@code nodes.get(r)} serves replica {@code r}, which belongs
 * to pipeline replica {@code r}. Replicas of one shard are on distinct nodes, so losing a node loses
 * at most one copy.
 */
public record ShardPlacement(Shard shard, List<String> nodes) {
    public ShardPlacement {
        Objects.requireNonNull(shard, "shard");
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("shard " + shard.id() + " has no replica; place it on at least one node");
        }
        if (new HashSet<>(nodes).size() != nodes.size()) {
            throw new IllegalArgumentException("shard " + shard.id() + " has two replicas on one node " + nodes
                    + "; replicas must be on distinct nodes");
        }
    }
}
