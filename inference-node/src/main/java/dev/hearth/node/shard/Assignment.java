package dev.hearth.node.shard;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a shard server serves right now: the placement version it follows, its stages by first
 * layer, and the routed experts it holds for peers (null when none). Replaced whole when a new
 * placement arrives, so a request sees one version or the other, never a mix.
 *
 * @param shards  the placement's view of this node, to tell what changes with the next one
 * @param members the nodes of the placement: only they may send this node work
 */
public record Assignment(long version, NodeShards shards, Map<Integer, StageHost> stages, ExpertHost experts,
                         Set<String> members) {

    public Assignment {
        stages = Collections.unmodifiableMap(new TreeMap<>(stages));
        members = Set.copyOf(members);
    }

    /** A node serving one stage and nothing else, outside any placement (version 0): it answers anyone. */
    public static Assignment of(StageHost stage, ExpertHost experts) {
        return new Assignment(0, null, stage == null ? Map.of() : Map.of(stage.stage().range().from(), stage), experts,
                Set.of());
    }

    /** Whether {@code node} may send this node work: any node outside a placement, else the placement's nodes. */
    public boolean admits(String node) {
        return version == 0 || members.contains(node);
    }

    /** The stage whose first layer is {@code layer}, or null. */
    public StageHost stageFrom(int layer) {
        return stages.get(layer);
    }
}
