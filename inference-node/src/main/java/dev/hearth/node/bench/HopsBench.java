package dev.hearth.node.bench;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelWeights;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.model.WeightSource;
import dev.hearth.node.shard.HopRecorder;
import dev.hearth.node.shard.HopTiming;
import dev.hearth.node.shard.LocalStageLink;
import dev.hearth.node.shard.PipelineModel;
import dev.hearth.node.shard.ShardServer;
import dev.hearth.node.shard.StageHost;
import dev.hearth.node.shard.StageLink;
import dev.hearth.node.shard.StageReplicas;
import dev.hearth.node.shard.TcpStageLink;
import dev.hearth.node.wire.FrameCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What hops cost, on loopback with real TCP and activation frames: the software overhead of each
 * round trip to a stage (send + receive, the peer's compute excluded, as the peer reports it),
 * greedy decode tokens/s against the number of pipeline stages, and how long the token takes on
 * which a stage's node disappears (failing over to its replica and replaying the sequence). Every
 * split decodes the tokens one node decodes; the bench checks it.
 */
public final class HopsBench {
    /**
     * @param tokensPerSecond by stage count, index 0 for one stage (the whole model on one node)
     * @param failoverMillis  the token on which the stage's node was lost, start to end
     */
    public record Result(int tokens, long hops, double overheadP50Micros, double overheadP99Micros,
                         double computeP50Micros, double[] tokensPerSecond, double failoverMillis,
                         double normalTokenMillis, int replayedTokens) {
    }

    /** Timed rounds per stage count; the median is kept. */
    static final int ROUNDS = 3;
    private final ModelConfig config;
    private final WeightSource weights;
    private final Kernels kernels;
    private final FrameCodec codec;

    public HopsBench(ModelConfig config, WeightSource weights, Kernels kernels, FrameCodec codec) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.codec = codec;
    }

    public Result run(int maxStages, int tokens) {
        int layers = config.numHiddenLayers();
        if (maxStages < 2 || maxStages > layers) {
            throw new IllegalArgumentException("--stages must be from 2 to the model's " + layers + " layers, got "
                    + maxStages);
        }
        int context = tokens + 8;
        DecoderModel whole = new DecoderModel(ModelWeights.load(config, weights), kernels, context);
        decode(whole, tokens); // warm-up: the JIT compiles before anything is timed
        int[] expected = decode(whole, tokens);
        double[] rates = new double[maxStages];
        rates[0] = rate(whole, tokens, expected);
        ConcurrentLinkedQueue<HopTiming> timings = new ConcurrentLinkedQueue<>();
        for (int stages = 2; stages <= maxStages; stages++) {
            try (Split split = split(stages, context, 1, new HopRecorder("bench-0", null, null, timings::add))) {
                decode(split.model, tokens);
                timings.clear(); // hops of the warm-up do not count
                rates[stages - 1] = rate(split.model, tokens, expected);
            }
        }
        double[] overhead = timings.stream().mapToDouble(HopTiming::overhead).toArray();
        double[] compute = timings.stream().mapToDouble(HopTiming::compute).toArray();
        double[] failover = failover(Math.min(3, maxStages), context, tokens, expected);
        return new Result(tokens, overhead.length, ServeBench.percentile(overhead, 50) / 1e3,
                ServeBench.percentile(overhead, 99) / 1e3, ServeBench.percentile(compute, 50) / 1e3, rates,
                failover[0], failover[1], (int) failover[2]);
    }

    /** Tokens/s, the median of {@link #ROUNDS} rounds, each checked against one node's tokens. */
    private double rate(LanguageModel model, int tokens, int[] expected) {
        double[] seconds = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            int[] got = decode(model, tokens);
            seconds[r] = (System.nanoTime() - t0) / 1e9;
            if (!Arrays.equals(got, expected)) {
                throw new IllegalStateException("a split model decoded other tokens than one node");
            }
        }
        Arrays.sort(seconds);
        return tokens / seconds[ROUNDS / 2];
    }

    /**
     * Decodes half the tokens, closes the node serving the last stage and decodes the rest:
     * {failover token ms, median normal token ms, tokens replayed}.
     */
    private double[] failover(int stages, int context, int tokens, int[] expected) {
        try (Split split = split(stages, context, 2, HopRecorder.none("bench-0"))) {
            LanguageModel model = split.model;
            Sequence s = model.newSequence(tokens + 8);
            float[] logits = model.prefill(s, new int[] {Math.max(0, config.bosTokenId())});
            int half = tokens / 2;
            double[] normal = new double[half];
            int[] got = new int[tokens];
            double failoverMillis = 0;
            int replayed = 0;
            for (int i = 0; i < tokens; i++) {
                got[i] = argmax(logits);
                if (i == half) {
                    split.servers.get(split.servers.size() - 1).get(0).close(); // the last stage's node goes away
                    replayed = s.length();
                }
                long t0 = System.nanoTime();
                logits = model.decode(s, got[i]);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (i < half) {
                    normal[i] = ms;
                } else if (i == half) {
                    failoverMillis = ms;
                }
            }
            model.release(s);
            if (!Arrays.equals(got, expected)) {
                throw new IllegalStateException("the tokens after the failover differ from one node's");
            }
            Arrays.sort(normal);
            return new double[] {failoverMillis, normal.length == 0 ? 0 : normal[normal.length / 2], replayed};
        }
    }

    /** The model in {@code stages} stages: the first here, the others behind shard servers, {@code replicas} each. */
    private Split split(int stages, int context, int replicas, HopRecorder hops) {
        Split split = new Split();
        int layers = config.numHiddenLayers();
        List<StageReplicas> chain = new ArrayList<>();
        try {
            for (int s = 0; s < stages; s++) {
                LayerRange range = new LayerRange(s * layers / stages, (s + 1) * layers / stages);
                if (s == 0) {
                    chain.add(StageReplicas.of(new LocalStageLink("bench-0", new StageHost(new PipelineStage(
                            StageWeights.load(config, weights, range), kernels, context)))));
                    continue;
                }
                List<ShardServer> servers = new ArrayList<>();
                List<StageLink> links = new ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    String name = "bench-" + s + (r == 0 ? "" : "-replica");
                    ShardServer server = new ShardServer(name, new StageHost(new PipelineStage(
                            StageWeights.load(config, weights, range), kernels, context)), null, codec)
                            .start(InetAddress.getLoopbackAddress(), 0);
                    servers.add(server);
                    links.add(new TcpStageLink(hops, name, new InetSocketAddress("127.0.0.1", server.port()), range,
                            codec, Duration.ofSeconds(60), 0));
                }
                split.servers.add(servers);
                chain.add(new StageReplicas(links));
            }
        } catch (IOException e) {
            split.close();
            throw new UncheckedIOException(e);
        }
        split.model = new PipelineModel(config, chain, context, 0, null);
        return split;
    }

    /** A split model and the servers behind it, closed together. */
    private static final class Split implements AutoCloseable {
        final List<List<ShardServer>> servers = new ArrayList<>();
        PipelineModel model;

        @Override
        public void close() {
            if (model != null) {
                model.close();
            }
            servers.forEach(list -> list.forEach(ShardServer::close));
        }
    }

    /** Greedy decode of {@code n} tokens after a one-token prompt; the tokens. */
    private int[] decode(LanguageModel model, int n) {
        Sequence s = model.newSequence(n + 8);
        int[] out = new int[n];
        float[] logits = model.prefill(s, new int[] {Math.max(0, config.bosTokenId())});
        for (int i = 0; i < n; i++) {
            out[i] = argmax(logits);
            logits = model.decode(s, out[i]);
        }
        model.release(s);
        return out;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
