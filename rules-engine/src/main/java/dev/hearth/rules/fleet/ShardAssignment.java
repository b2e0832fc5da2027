package dev.hearth.rules.fleet;

import java.util.List;
import java.util.Objects;

/**
 * The nodes that hold one shard, and how many replicas its load needs (N).
 */
public record ShardAssignment(String shard, List<String> nodes, int needed) {
    public ShardAssignment {
        Objects.requireNonNull(shard, "shard");
        nodes = List.copyOf(nodes);
        if (needed < 1) {
            throw new IllegalArgumentException("shard " + shard + " needs " + needed
                    + " replicas; give the replicas its load needs, at least 1");
        }
    }
}
