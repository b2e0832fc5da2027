package dev.hearth.node.shard;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.model.ExpertSelection;
import dev.hearth.node.model.LayerRange;
import java.util.ArrayList;
import java.util.List;

/**
 * What one node serves under a placement: the layer ranges of its stage shards and the routed
 * experts of its expert shards.
 *
 * @param experts {@code [layer, firstExpert, endExpert)} triples of the expert shards held
 */
public record NodeShards(String node, long version, List<LayerRange> stages, List<int[]> experts)
        implements ExpertSelection {

    public NodeShards {
        stages = List.copyOf(stages);
        experts = List.copyOf(experts);
    }

    public static NodeShards of(PlacementMap map, String node) {
        List<LayerRange> stages = new ArrayList<>();
        List<int[]> experts = new ArrayList<>();
        for (ShardPlacement p : map.shards()) {
            if (!p.nodes().contains(node)) {
                continue;
            }
            if (p.shard().kind() == ShardKind.STAGE) {
                stages.add(new LayerRange(p.shard().firstLayer(), p.shard().endLayer()));
            } else {
                experts.add(new int[] {p.shard().firstLayer(), p.shard().firstExpert(), p.shard().endExpert()});
            }
        }
        return new NodeShards(node, map.version(), stages, experts);
    }

    @Override
    public boolean holds(int layer, int expert) {
        for (int[] group : experts) {
            if (group[0] == layer && expert >= group[1] && expert < group[2]) {
                return true;
            }
        }
        return false;
    }
}
