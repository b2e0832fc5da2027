package dev.hearth.rules.scenario;

import dev.hearth.rules.fleet.ShardAssignment;

import java.util.List;
import java.util.Objects;

/** A shard of a scenario's fleet: the nodes holding it and the replicas its load needs (N, default 1). */
public record ScenarioShard(String id, List<String> nodes, Integer needed) {
    public ScenarioShard {
        Objects.requireNonNull(id, "a shard needs an id, e.g. {id: stage-0, nodes: [node-1, node-2], needed: 1}");
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        needed = needed == null ? 1 : needed;
        if (needed < 1) {
            throw new IllegalArgumentException("shard " + id + " needs " + needed + " replicas; give at least 1");
        }
    }

    ShardAssignment assignment() {
        return new ShardAssignment(id, nodes, needed);
    }
}
