package dev.hearth.controlplane.fleet;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.shard.HopRecorder;
import dev.hearth.node.shard.LocalStageLink;
import dev.hearth.node.shard.PipelineModel;
import dev.hearth.node.shard.ShardServer;
import dev.hearth.node.shard.StageHost;
import dev.hearth.node.shard.StageLink;
import dev.hearth.node.shard.StageReplicas;
import dev.hearth.node.shard.TcpStageLink;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local fleet's model split into pipeline stages: every inference node runs layer 0 (and
 * schedules), the later stages run on shard servers of their own — two replicas each, so killing
 * one fails nothing — reached over TCP on loopback with activation frames, as on a real fleet.
 */
final class LocalPipeline implements AutoCloseable {
    private static final String[] REPLICAS = {"a", "b"};
    private final ModelConfig model;
    private final GeneratedWeights weights;
    private final Kernels kernels;
    private final int context;
    private final List<LayerRange> ranges;
    private final List<List<ShardServer>> servers = new ArrayList<>();
    private final List<PipelineModel> pipelines = new ArrayList<>();

    private LocalPipeline(ModelConfig model, long seed, Kernels kernels, int context, int stages) {
        this.model = model;
        this.weights = new GeneratedWeights(model, seed);
        this.kernels = kernels;
        this.context = context;
        this.ranges = new ArrayList<>();
        int layers = model.numHiddenLayers();
        for (int s = 0; s < stages; s++) {
            ranges.add(new LayerRange(s * layers / stages, (s + 1) * layers / stages));
        }
    }

    /** Starts the shard servers of stages 1 and on; their wire meters go to {@code registry}. */
    static LocalPipeline start(ModelConfig model, long seed, Kernels kernels, int context, int stages,
                               MeterRegistry registry) {
        LocalPipeline p = new LocalPipeline(model, seed, kernels, context, stages);
        try {
            for (int s = 1; s < stages; s++) {
                List<ShardServer> replicas = new ArrayList<>();
                for (String r : REPLICAS) {
                    String name = "stage-" + s + "-" + r;
                    StageHost host = new StageHost(new PipelineStage(StageWeights.load(model, p.weights,
                            p.ranges.get(s)), kernels, context));
                    replicas.add(new ShardServer(name, host, null, p.codec(registry, name))
                            .start(InetAddress.getLoopbackAddress(), 0));
                }
                p.servers.add(replicas);
            }
        } catch (IOException e) {
            p.close();
            throw new UncheckedIOException("could not start the local fleet's shard servers", e);
        }
        return p;
    }

    /** The model an inference node runs: its own layer-0 stage, then the shard servers' stages. */
    PipelineModel modelFor(String node, MeterRegistry nodeRegistry, OpenTelemetry otel) {
        StageHost first = new StageHost(new PipelineStage(StageWeights.load(model, weights, ranges.get(0)), kernels,
                context));
        FrameCodec codec = codec(nodeRegistry, node);
        HopRecorder hops = new HopRecorder(node, nodeRegistry, otel);
        List<StageReplicas> stages = new ArrayList<>();
        stages.add(StageReplicas.of(new LocalStageLink(node, first)));
        for (int s = 1; s < ranges.size(); s++) {
            List<StageLink> links = new ArrayList<>();
            List<ShardServer> replicas = servers.get(s - 1);
            for (int r = 0; r < replicas.size(); r++) {
                links.add(new TcpStageLink(hops, "stage-" + s + "-" + REPLICAS[r],
                        new InetSocketAddress("127.0.0.1", replicas.get(r).port()), ranges.get(s), codec,
                        Duration.ofSeconds(30), 0));
            }
            stages.add(new StageReplicas(links));
        }
        PipelineModel pipeline = new PipelineModel(model, stages, context,
                first.stage().weights().storedBytes(), first.stage().routing());
        pipelines.add(pipeline);
        return pipeline;
    }

    /** One line per stage: its layers and where it runs. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("stage 0: layers " + ranges.get(0) + " on every node");
        for (int s = 1; s < ranges.size(); s++) {
            StringBuilder where = new StringBuilder();
            for (int r = 0; r < REPLICAS.length; r++) {
                where.append(r == 0 ? "" : ", ").append("stage-").append(s).append('-').append(REPLICAS[r])
                        .append(" at 127.0.0.1:").append(servers.get(s - 1).get(r).port());
            }
            lines.add("stage " + s + ": layers " + ranges.get(s) + " on " + where);
        }
        return lines;
    }

    private static FrameCodec codec(MeterRegistry registry, String node) {
        return new FrameCodec(WireConfig.defaults(), new WireMeters(registry, node));
    }

    @Override
    public void close() {
        pipelines.forEach(PipelineModel::close);
        servers.forEach(replicas -> replicas.forEach(ShardServer::close));
    }
}
