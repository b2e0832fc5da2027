package dev.hearth.node.shard;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.ExpertSet;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.RemoteExperts;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.model.WeightSource;
import dev.hearth.node.wire.FrameCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a placement into what this node serves: loads the stages and experts the placement gives
 * it, and wires each stage's MoE layers to the peers holding the experts it does not. A stage the
 * previous assignment already served, with the same experts, is kept as it is — its sequences'
 * caches included — so a placement change touches only what moved.
 */
public final class ShardAssembler {
    private final String node;
    private final ModelConfig config;
    private final WeightSource weights;
    private final Kernels kernels;
    private final int contextLength;
    private final FrameCodec codec;
    private final Duration timeout;
    private final HopRecorder hops;

    /** An assembler whose stages' expert hops are timed but not recorded. */
    public ShardAssembler(String node, ModelConfig config, WeightSource weights, Kernels kernels, int contextLength,
                          FrameCodec codec, Duration timeout) {
        this(node, config, weights, kernels, contextLength, codec, timeout, HopRecorder.none(node));
    }

    public ShardAssembler(String node, ModelConfig config, WeightSource weights, Kernels kernels, int contextLength,
                          FrameCodec codec, Duration timeout, HopRecorder hops) {
        this.hops = hops;
        this.node = node;
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.contextLength = contextLength;
        this.codec = codec;
        this.timeout = timeout;
    }

    public String node() {
        return node;
    }

    /**
     * @param addresses where each node's shard server listens
     * @param previous  what the node serves now, or null
     */
    public Assignment assemble(PlacementMap map, Map<String, InetSocketAddress> addresses, Assignment previous) {
        return assemble(map, addresses, previous, false);
    }

    /**
     * @param keepPrevious also keep serving the previous assignment's stages and experts (the
     *                     prepare half of a placement change)
     */
    public Assignment assemble(PlacementMap map, Map<String, InetSocketAddress> addresses, Assignment previous,
                               boolean keepPrevious) {
        NodeShards mine = NodeShards.of(map, node);
        Map<Integer, StageHost> stages = new HashMap<>();
        ExpertSet held = new ExpertSet(config, Map.of());
        for (LayerRange range : mine.stages()) {
            StageHost kept = previous == null || previous.shards() == null ? null : previous.stageFrom(range.from());
            if (kept == null || !kept.stage().range().equals(range) || !sameExperts(previous.shards(), mine, range)) {
                StageWeights w = StageWeights.load(config, weights, range, mine);
                kept = new StageHost(new PipelineStage(w, kernels, contextLength, peers(map, addresses, range, mine)));
            }
            stages.put(range.from(), kept);
            held = held.with(ExpertSet.of(kept.stage().weights()));
        }
        List<LayerRange> ranges = mine.stages();
        ExpertSet outside = ExpertSet.load(config, weights,
                (layer, e) -> mine.holds(layer, e) && ranges.stream().noneMatch(r -> r.contains(layer)));
        held = held.with(outside);
        if (keepPrevious && previous != null) {
            previous.stages().forEach(stages::putIfAbsent);
            if (previous.experts() != null) {
                held = held.with(previous.experts().experts());
            }
        }
        Set<String> members = new HashSet<>(map.nodesUsed());
        if (keepPrevious && previous != null) {
            members.addAll(previous.members()); // the old placement's nodes still send work until the commit
        }
        return new Assignment(map.version(), mine, stages, held.count() == 0 ? null : new ExpertHost(held, kernels),
                members);
    }

    private boolean sameExperts(NodeShards before, NodeShards now, LayerRange range) {
        for (int l = range.from(); l < range.to(); l++) {
            for (int e = 0; e < config.nRoutedExperts(); e++) {
                if (before.holds(l, e) != now.holds(l, e)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The peers holding the routed experts of {@code range}'s MoE layers that this node does not; an
     * expert group held on several nodes fails over from one to the next.
     */
    private RemoteExperts peers(PlacementMap map, Map<String, InetSocketAddress> addresses, LayerRange range,
                                NodeShards mine) {
        Map<String, TcpExpertLink> links = new HashMap<>();
        Map<List<String>, ExpertReplicas> groups = new HashMap<>();
        Map<Integer, RemoteExperts[]> owners = new HashMap<>();
        for (ShardPlacement p : map.shards()) {
            if (p.shard().kind() != ShardKind.EXPERTS || !range.contains(p.shard().firstLayer())
                    || p.nodes().contains(node)) {
                continue;
            }
            List<RemoteExperts> replicas = new ArrayList<>();
            for (String owner : p.nodes()) {
                InetSocketAddress address = addresses.get(owner);
                if (address == null) {
                    throw new IllegalArgumentException("placement " + map.version() + " puts " + p.shard().id()
                            + " on " + owner + ", whose address was not given");
                }
                replicas.add(links.computeIfAbsent(owner,
                        n -> new TcpExpertLink(hops, n, address, codec, timeout, map.version())));
            }
            // one object per replica list, so the experts of a layer held by the same nodes go in one call
            ExpertReplicas group = groups.computeIfAbsent(p.nodes(), nodes -> new ExpertReplicas(replicas));
            RemoteExperts[] byExpert = owners.computeIfAbsent(p.shard().firstLayer(),
                    l -> new RemoteExperts[config.nRoutedExperts()]);
            for (int e = p.shard().firstExpert(); e < p.shard().endExpert() && e < byExpert.length; e++) {
                byExpert[e] = group;
            }
        }
        return owners.isEmpty() ? RemoteExperts.NONE : new ExpertPeers(owners);
    }
}
