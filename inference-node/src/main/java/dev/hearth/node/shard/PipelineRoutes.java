package dev.hearth.node.shard;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.wire.FrameCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The pipeline a scheduling node runs under a placement: per stage, in order, the nodes serving it
 * — this node's own stage first where it holds one, then the other replicas as failover targets.
 */
public final class PipelineRoutes {
    private PipelineRoutes() {
    }

    /**
     * @param self      this node's id
     * @param local     what this node serves (its first-stage host comes from here)
     * @param addresses where every node's shard server listens
     */
    public static List<StageReplicas> of(PlacementMap map, String self, Assignment local,
                                         Map<String, InetSocketAddress> addresses, FrameCodec codec, Duration timeout) {
        return of(map, self, local, addresses, codec, timeout, HopRecorder.none(self));
    }

    /** @param hops records this node's round trips to the stages */
    public static List<StageReplicas> of(PlacementMap map, String self, Assignment local,
                                         Map<String, InetSocketAddress> addresses, FrameCodec codec, Duration timeout,
                                         HopRecorder hops) {
        return of(map, self, local, addresses, codec, timeout, hops, 0);
    }

    /**
     * @param replica which replica of each remote stage to try first (the others follow in order, as
     *                failover targets): pipeline replica {@code r} of the placement, so the scheduling
     *                nodes spread over the stages' nodes instead of all using the first
     */
    public static List<StageReplicas> of(PlacementMap map, String self, Assignment local,
                                         Map<String, InetSocketAddress> addresses, FrameCodec codec, Duration timeout,
                                         HopRecorder hops, int replica) {
        List<ShardPlacement> stages = new ArrayList<>(map.shards().stream()
                .filter(p -> p.shard().kind() == ShardKind.STAGE).toList());
        stages.sort(Comparator.comparingInt(p -> p.shard().stage()));
        List<StageReplicas> routes = new ArrayList<>();
        for (ShardPlacement p : stages) {
            LayerRange range = new LayerRange(p.shard().firstLayer(), p.shard().endLayer());
            List<StageLink> links = new ArrayList<>();
            if (p.nodes().contains(self)) {
                StageHost host = local.stageFrom(range.from());
                if (host == null) {
                    throw new IllegalStateException("placement " + map.version() + " gives " + self + " layers " + range
                            + ", which it has not loaded yet: push the placement to it first");
                }
                links.add(new LocalStageLink(self, host));
            } else if (range.first()) {
                throw new IllegalArgumentException("placement " + map.version() + " does not give " + self
                        + " the first stage: only a node holding layer 0 schedules requests");
            }
            List<String> nodes = p.nodes();
            int from = Math.floorMod(replica, nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                String node = nodes.get((from + i) % nodes.size());
                if (node.equals(self) || range.first()) {
                    continue; // the first stage embeds tokens: it always runs where requests are scheduled
                }
                InetSocketAddress address = addresses.get(node);
                if (address == null) {
                    throw new IllegalArgumentException("placement " + map.version() + " puts " + p.shard().id()
                            + " on " + node + ", whose address was not given");
                }
                links.add(new TcpStageLink(hops, node, address, range, codec, timeout, map.version()));
            }
            routes.add(new StageReplicas(links));
        }
        return routes;
    }
}
