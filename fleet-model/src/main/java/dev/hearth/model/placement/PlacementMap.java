package dev.hearth.model.placement;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which node serves which shard replica. Each new placement gets a higher version, so nodes and the
 * gateway can tell an old map from the current one.
 *
 * @param replication copies of every shard; copy {@code r} of every shard forms pipeline replica {@code r}
 * @param shards      every shard of the model, in pipeline order, with its replicas' nodes
 */
public record PlacementMap(long version, int replication, List<ShardPlacement> shards) {
    public PlacementMap {
        if (version < 1) {
            throw new IllegalArgumentException("placement version is " + version + "; versions start at 1");
        }
        if (replication < 1) {
            throw new IllegalArgumentException("replication is " + replication + "; it must be at least 1");
        }
        shards = List.copyOf(shards);
        Set<String> ids = new HashSet<>();
        for (ShardPlacement p : shards) {
            if (!ids.add(p.shard().id())) {
                throw new IllegalArgumentException("shard " + p.shard().id() + " appears twice in the placement");
            }
            if (p.nodes().size() != replication) {
                throw new IllegalArgumentException("shard " + p.shard().id() + " has " + p.nodes().size()
                        + " replicas; the placement's replication is " + replication);
            }
        }
    }

    /** The nodes that hold at least one shard, sorted by id. */
    public Set<String> nodesUsed() {
        Set<String> used = new TreeSet<>();
        shards.forEach(p -> used.addAll(p.nodes()));
        return used;
    }

    /** Weight bytes the shards placed on {@code node} take. */
    public long bytesOn(String node) {
        return shards.stream().filter(p -> p.nodes().contains(node)).mapToLong(p -> p.shard().bytes()).sum();
    }

    /** Weight bytes of one copy of the model. */
    public long modelBytes() {
        return shards.stream().mapToLong(p -> p.shard().bytes()).sum();
    }
}
