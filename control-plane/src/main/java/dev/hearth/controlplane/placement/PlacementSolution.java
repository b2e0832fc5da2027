package dev.hearth.controlplane.placement;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardMove;
import java.util.List;
import java.util.Objects;

/**
 * A placement and what it took to reach it.
 *
 * @param spares nodes of the fleet that hold no shard, sorted by id
 * @param moves  shard replicas loaded on a node that did not hold them before (empty for a first solve)
 */
public record PlacementSolution(PlacementMap map, List<String> spares, List<ShardMove> moves) {
    public PlacementSolution {
        Objects.requireNonNull(map, "map");
        spares = List.copyOf(spares);
        moves = List.copyOf(moves);
    }

    /** Bytes the moves copy onto nodes: what a change costs the network. */
    public long bytesMoved() {
        return moves.stream().mapToLong(ShardMove::bytes).sum();
    }
}
