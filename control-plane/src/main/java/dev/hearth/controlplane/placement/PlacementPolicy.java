package dev.hearth.controlplane.placement;

/**
 * What a placement must guarantee.
 *
 * @param replication copies of every shard, each on its own node (one pipeline replica per copy)
 * @param spares      nodes left without any shard, as standbys that take over a lost node's shards
 *                    (N+2 by default: two failures in a row still find a free node)
 */
public record PlacementPolicy(int replication, int spares) {
    public PlacementPolicy {
        if (replication < 1) {
            throw new IllegalArgumentException("replication is " + replication
                    + "; it must be at least 1 (every shard needs one copy to serve)");
        }
        if (spares < 0) {
            throw new IllegalArgumentException("spares is " + spares + "; it must be 0 or more (2 for N+2)");
        }
    }
}
