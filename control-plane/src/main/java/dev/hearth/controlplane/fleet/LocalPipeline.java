package dev.hearth.controlplane.fleet;

import dev.hearth.controlplane.placement.PlacementRollout;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.gateway.RouteTable;
import dev.hearth.node.model.ExpertSelection;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.shard.Assignment;
import dev.hearth.node.shard.HopRecorder;
import dev.hearth.node.shard.PipelineModel;
import dev.hearth.node.shard.PipelineRoutes;
import dev.hearth.node.shard.PlacementClient;
import dev.hearth.node.shard.PlacementPush;
import dev.hearth.node.shard.ShardAssembler;
import dev.hearth.node.shard.ShardServer;
import dev.hearth.node.shard.StageReplicas;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local fleet's model split into pipeline stages, run the way a real fleet runs it: the control
 * plane writes a placement — layer 0 on every inference node (they schedule), each later stage on
 * shard servers of its own, one per pipeline replica — and rolls it out: the shard servers load what
 * it gives them, each node assembles its own stage and pipeline, the gateway routes by it. Every
 * node's pipeline tries its own replica of each stage first and the others on failure.
 */
final class LocalPipeline implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ExpertSelection NO_EXPERTS = (layer, expert) -> false;
    private final ModelConfig model;
    private final GeneratedWeights weights;
    private final Kernels kernels;
    private final int context;
    private final List<String> nodes;
    private final List<LayerRange> ranges = new ArrayList<>();
    private final Map<String, ShardServer> servers = new LinkedHashMap<>();
    private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
    private final Map<String, ShardAssembler> assemblers = new ConcurrentHashMap<>();
    private final Map<String, Assignment> assignments = new ConcurrentHashMap<>();
    private final Map<String, PipelineModel> pipelines = new ConcurrentHashMap<>();
    private final Map<String, FrameCodec> codecs = new ConcurrentHashMap<>();
    private final Map<String, HopRecorder> hops = new ConcurrentHashMap<>();
    private final PlacementClient client = new PlacementClient("control-plane", TIMEOUT);
    private volatile PlacementMap placement;

    private LocalPipeline(ModelConfig model, long seed, Kernels kernels, int context, int stages, List<String> nodes) {
        this.model = model;
        this.weights = new GeneratedWeights(model, seed);
        this.kernels = kernels;
        this.context = context;
        this.nodes = List.copyOf(nodes);
        int layers = model.numHiddenLayers();
        for (int s = 0; s < stages; s++) {
            ranges.add(new LayerRange(s * layers / stages, (s + 1) * layers / stages));
        }
    }

    /**
     * Starts one empty shard server per later stage and pipeline replica (as many replicas as
     * scheduling nodes), writes the placement and has every node assemble its part of it.
     *
     * @param nodes     the inference nodes, which hold layer 0 and schedule
     * @param registry  the control plane's registry, for the shard servers' wire meters
     */
    static LocalPipeline start(ModelConfig model, long seed, Kernels kernels, int context, int stages,
                               List<String> nodes, MeterRegistry registry) {
        LocalPipeline p = new LocalPipeline(model, seed, kernels, context, stages, nodes);
        try {
            for (int s = 1; s < stages; s++) {
                for (int r = 1; r <= nodes.size(); r++) {
                    String name = "stage-" + s + "-" + r;
                    FrameCodec codec = new FrameCodec(WireConfig.defaults(), new WireMeters(registry, name));
                    ShardServer server = new ShardServer(name, Assignment.of(null, null), codec, p.assembler(name,
                            codec, HopRecorder.none(name))).start(InetAddress.getLoopbackAddress(), 0);
                    p.servers.put(name, server);
                    p.addresses.put(name, new InetSocketAddress("127.0.0.1", server.port()));
                }
            }
        } catch (IOException e) {
            p.close();
            throw new UncheckedIOException("could not start the local fleet's shard servers", e);
        }
        p.placement = p.write(1);
        // the shard servers load their shards before any node serves: the nodes' pipelines need them
        for (String server : p.servers.keySet()) {
            p.push(server, p.placement, false);
        }
        return p;
    }

    /**
     * The model node {@code node} runs: its own stage of the placement, then the shard servers'.
     * Its frames and hops are metered in {@code nodeRegistry}, its hops traced through {@code otel}.
     */
    PipelineModel modelFor(String node, MeterRegistry nodeRegistry, OpenTelemetry otel) {
        FrameCodec codec = codecs.computeIfAbsent(node, n -> new FrameCodec(WireConfig.defaults(),
                new WireMeters(nodeRegistry, n)));
        HopRecorder recorder = hops.computeIfAbsent(node, n -> new HopRecorder(n, nodeRegistry, otel));
        assemblers.put(node, assembler(node, codec, recorder));
        Assignment mine = assemble(node, placement, false);
        PipelineModel pipeline = new PipelineModel(model, routes(node, placement, mine), context,
                mine.stageFrom(0).stage().weights().storedBytes(), mine.stageFrom(0).stage().routing());
        pipelines.put(node, pipeline);
        return pipeline;
    }

    /**
     * Rolls the current placement out: shard servers prepare, the nodes' pipelines and the gateway
     * switch, everyone commits.
     */
    PlacementRollout.Report rollOut(PlacementMap previous, RouteTable routes, Map<String, URI> apiUris) {
        PlacementRollout rollout = new PlacementRollout(this::push, map -> {
            for (Map.Entry<String, PipelineModel> e : pipelines.entrySet()) {
                e.getValue().reroute(routes(e.getKey(), map, assignments.get(e.getKey())));
            }
            routes.applyPlacement(map, apiUris);
        });
        return rollout.apply(previous, placement);
    }

    PlacementMap placement() {
        return placement;
    }

    /** One line per stage: its layers and where it runs. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("stage 0: layers " + ranges.get(0) + " on every node (placement version " + placement.version() + ")");
        for (int s = 1; s < ranges.size(); s++) {
            List<String> where = new ArrayList<>();
            for (int r = 1; r <= nodes.size(); r++) {
                String name = "stage-" + s + "-" + r;
                where.add(name + " at 127.0.0.1:" + addresses.get(name).getPort());
            }
            lines.add("stage " + s + ": layers " + ranges.get(s) + " on " + String.join(", ", where));
        }
        return lines;
    }

    /** The placement: stage 0 on the nodes; stage s on stage-s-1..R; each MoE layer's experts beside its stage. */
    private PlacementMap write(long version) {
        List<ShardPlacement> shards = new ArrayList<>();
        for (int s = 0; s < ranges.size(); s++) {
            LayerRange range = ranges.get(s);
            List<String> holders = new ArrayList<>();
            for (int r = 1; r <= nodes.size(); r++) {
                holders.add(s == 0 ? nodes.get(r - 1) : "stage-" + s + "-" + r);
            }
            shards.add(new ShardPlacement(new Shard("stage-" + s, ShardKind.STAGE, s, range.from(), range.to(), 0, 0,
                    bytes(range, NO_EXPERTS)), holders));
            for (int l = range.from(); l < range.to(); l++) {
                if (model.isMoeLayer(l)) {
                    LayerRange layer = new LayerRange(l, l + 1);
                    shards.add(new ShardPlacement(new Shard("layer-" + l + "-experts", ShardKind.EXPERTS, s, l, l + 1, 0,
                            model.nRoutedExperts(), bytes(layer, ExpertSelection.ALL) - bytes(layer, NO_EXPERTS)),
                            holders));
                }
            }
        }
        return new PlacementMap(version, nodes.size(), shards);
    }

    /** Weight bytes of a layer range with the routed experts {@code experts} selects. */
    private long bytes(LayerRange range, ExpertSelection experts) {
        return StageWeights.load(model, weights, range, experts).storedBytes();
    }

    private long push(String node, PlacementMap map, boolean prepare) {
        if (nodes.contains(node)) {
            assemble(node, map, prepare);
            return map.version();
        }
        Map<String, String> text = new LinkedHashMap<>();
        addresses.forEach((n, a) -> text.put(n, a.getHostString() + ":" + a.getPort()));
        return client.push(node, addresses.get(node), new PlacementPush(map, text, prepare));
    }

    /** A scheduling node takes its part of a placement here, in the fleet's process. */
    private Assignment assemble(String node, PlacementMap map, boolean prepare) {
        ShardAssembler assembler = assemblers.get(node);
        if (assembler == null) {
            throw new IllegalStateException(node + " has no pipeline yet: modelFor comes before a rollout");
        }
        return assignments.compute(node, (n, before) -> assembler.assemble(map, addresses, before, prepare));
    }

    private List<StageReplicas> routes(String node, PlacementMap map, Assignment mine) {
        return PipelineRoutes.of(map, node, mine, addresses, codecs.get(node), TIMEOUT, hops.get(node),
                nodes.indexOf(node));
    }

    private ShardAssembler assembler(String node, FrameCodec codec, HopRecorder recorder) {
        return new ShardAssembler(node, model, weights, kernels, context, codec, TIMEOUT, recorder);
    }

    @Override
    public void close() {
        pipelines.values().forEach(PipelineModel::close);
        servers.values().forEach(ShardServer::close);
    }
}
