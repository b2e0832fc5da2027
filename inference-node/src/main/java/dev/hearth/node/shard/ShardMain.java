package dev.hearth.node.shard;

import dev.hearth.node.engine.KernelBackends;
import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.ExpertSet;
import dev.hearth.node.model.CheckpointSource;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.ModelLoader;
import dev.hearth.node.model.WeightSource;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.RemoteExperts;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.wire.AdaptiveCodecPolicy;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import dev.hearth.node.http.HttpServers;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A shard process on loopback: serves one pipeline stage or a set of routed experts of a generated
 * checkpoint ({@link ShardOptions} lists the options), or whatever placements pushed to it assign,
 * prints {@code shard NODE listening on PORT} and serves until its standard input closes. The local fleet and the multi-process tests start
 * their peers this way.
 */
public final class ShardMain {
    private ShardMain() {
    }

    public static void main(String[] args) throws IOException {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.in);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Serves until {@code in} ends; returns the exit code: 0 after serving, 2 for bad options, 1 when
     * the model cannot be loaded.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, InputStream in) throws IOException {
        ShardOptions o;
        try {
            o = ShardOptions.parse(args);
        } catch (RuntimeException e) {
            err.println("hearth shard: " + e.getMessage());
            return 2;
        }
        Kernels kernels = KernelBackends.byName(o.kernels(), 1, m -> { });
        CheckpointSource checkpoint;
        try {
            checkpoint = o.model() == null ? null : new ModelLoader(kernels).open(o.model());
        } catch (RuntimeException e) {
            err.println("hearth shard: " + e.getMessage());
            return 1;
        }
        WeightSource weights = checkpoint != null ? checkpoint.weights() : new GeneratedWeights(o.config(), o.seed());
        WireConfig wire = o.lossless() ? WireConfig.defaults().withPolicy(AdaptiveCodecPolicy.lossless()) : WireConfig.defaults();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        FrameCodec codec = new FrameCodec(wire, new WireMeters(registry, o.node()));
        Javalin metrics = null;
        if (o.metricsPort() != null) {
            // the wire's bytes before and after each codec, for Prometheus to scrape
            metrics = HttpServers.startLoopback(o.node() + "-metrics", o.metricsPort(), routes ->
                    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                            .result(registry.scrape())));
            out.println("shard " + o.node() + " metrics on " + metrics.port());
        }
        StageHost stage = null;
        ExpertHost experts = null;
        if (o.layers() != null) {
            RemoteExperts peers = RemoteExperts.NONE;
            if (!o.expertPeers().isEmpty()) {
                Map<Integer, RemoteExperts[]> owners = new HashMap<>();
                for (int l = o.layers().from(); l < o.layers().to(); l++) {
                    if (o.config().isMoeLayer(l)) {
                        RemoteExperts[] byExpert = new RemoteExperts[o.config().nRoutedExperts()];
                        owners.put(l, byExpert);
                    }
                }
                for (ShardOptions.ExpertPeer p : o.expertPeers()) {
                    TcpExpertLink link = new TcpExpertLink(new HopRecorder(o.node(), registry, null),
                            o.node() + "-experts@" + p.address().getPort(), p.address(),
                            codec, Duration.ofSeconds(30), 0);
                    for (RemoteExperts[] byExpert : owners.values()) {
                        for (int e = 0; e < byExpert.length; e++) {
                            if (p.rule().holds(0, e)) {
                                byExpert[e] = link;
                            }
                        }
                    }
                }
                peers = new ExpertPeers(owners);
            }
            stage = new StageHost(new PipelineStage(StageWeights.load(o.config(), weights, o.layers(), o.holdExperts()),
                    kernels, o.context(), peers));
        } else if (o.expertsOnly() != null) {
            experts = new ExpertHost(ExpertSet.load(o.config(), weights, o.expertsOnly()), kernels);
        }
        ShardAssembler assembler = new ShardAssembler(o.node(), o.config(), weights, kernels, o.context(), codec,
                Duration.ofSeconds(30));
        try (ShardServer server = new ShardServer(o.node(), Assignment.of(stage, experts), codec, assembler)
                .start(InetAddress.getLoopbackAddress(), o.port())) {
            out.println("shard " + o.node() + " listening on " + server.port());
            out.flush();
            while (in.read() >= 0) {
                // serves until the parent closes standard input (or kills the process)
            }
        } finally {
            if (metrics != null) {
                metrics.stop(); // its threads would otherwise keep the process alive
            }
            if (checkpoint != null) {
                checkpoint.close();
            }
        }
        return 0;
    }
}
