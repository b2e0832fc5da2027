package dev.hearth.model.placement;

import java.util.Objects;

/** One shard replica that a new placement loads on a node that did not hold it. */
public record ShardMove(String shard, int replica, String from, String to, long bytes) {
    public ShardMove {
        Objects.requireNonNull(shard, "shard");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (replica < 0 || bytes <= 0) {
            throw new IllegalArgumentException("move of " + shard + " has replica " + replica + " and " + bytes
                    + " bytes; both must be positive (replica may be 0)");
        }
    }
}
