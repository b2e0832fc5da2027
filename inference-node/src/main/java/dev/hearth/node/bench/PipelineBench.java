package dev.hearth.node.bench;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelWeights;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.Sequence;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.model.WeightSource;
import dev.hearth.node.shard.HopRecorder;
import dev.hearth.node.shard.LocalStageLink;
import dev.hearth.node.shard.PipelineModel;
import dev.hearth.node.shard.ShardServer;
import dev.hearth.node.shard.StageHost;
import dev.hearth.node.shard.StageLink;
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

/**
 * What splitting a model into pipeline stages costs per token: decode at batch 1 on one node, then
 * the same model in {@code stages} stages whose later ones sit behind real TCP on loopback (shard
 * servers in this process), and the difference per round trip to a stage — the software overhead
 * of a hop (encode, syscalls, decode, thread hand-offs), since loopback has no wire to speak of.
 * Tokens are checked equal, so both figures are of the same work.
 */
public final class PipelineBench {
    /**
     * Decode rates and what each round trip to a remote stage adds per token; {@code frameBytes} is
     * one token's hidden-state payload.
     */
    public record Result(int stages, int tokens, double wholeTokensPerSecond, double splitTokensPerSecond,
                         double microsPerRoundTrip, long frameBytes) {
    }

    /** Timed rounds of each, alternating. */
    static final int ROUNDS = 5;
    private final ModelConfig config;
    private final WeightSource weights;
    private final Kernels kernels;
    private final FrameCodec codec;

    public PipelineBench(ModelConfig config, WeightSource weights, Kernels kernels, FrameCodec codec) {
        this.config = config;
        this.weights = weights;
        this.kernels = kernels;
        this.codec = codec;
    }

    public Result run(int stages, int tokens) {
        int layers = config.numHiddenLayers();
        if (stages < 2 || stages > layers) {
            throw new IllegalArgumentException("--stages must be from 2 to the model's " + layers + " layers, got " + stages);
        }
        int context = tokens + 8;
        DecoderModel whole = new DecoderModel(ModelWeights.load(config, weights), kernels, context);
        List<ShardServer> servers = new ArrayList<>();
        List<StageLink> links = new ArrayList<>();
        try {
            for (int s = 0; s < stages; s++) {
                LayerRange range = new LayerRange(s * layers / stages, (s + 1) * layers / stages);
                StageHost host = new StageHost(new PipelineStage(StageWeights.load(config, weights, range), kernels, context));
                if (s == 0) {
                    links.add(new LocalStageLink("bench-0", host));
                    continue;
                }
                ShardServer server = new ShardServer("bench-" + s, host, null, codec)
                        .start(InetAddress.getLoopbackAddress(), 0);
                servers.add(server);
                links.add(new TcpStageLink(HopRecorder.none("bench-0"), "bench-" + s, new InetSocketAddress("127.0.0.1", server.port()), range,
                        codec, Duration.ofSeconds(60), 0));
            }
            PipelineModel split = PipelineModel.of(config, links, context, 0, null);
            decode(whole, tokens); // warm-up: the JIT compiles both paths before anything is timed
            decode(split, tokens);
            // alternate the two, several rounds, and take each one's median: on a machine whose memory
            // bandwidth drifts from second to second, one run of each would measure the drift
            double[] wholeRuns = new double[ROUNDS];
            double[] splitRuns = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = System.nanoTime();
                int[] a = decode(whole, tokens);
                long t1 = System.nanoTime();
                int[] b = decode(split, tokens);
                long t2 = System.nanoTime();
                if (!Arrays.equals(a, b)) {
                    throw new IllegalStateException("the split model decoded other tokens than the whole one");
                }
                wholeRuns[round] = (t1 - t0) / 1e9;
                splitRuns[round] = (t2 - t1) / 1e9;
            }
            double wholeSeconds = median(wholeRuns);
            double splitSeconds = median(splitRuns);
            // the scheduling node sends each remote stage its input and gets the output back
            int roundTrips = stages - 1;
            double perHop = (splitSeconds - wholeSeconds) / tokens / roundTrips * 1e6;
            long frame = 4L * config.hiddenSize();
            split.close();
            return new Result(stages, tokens, tokens / wholeSeconds, tokens / splitSeconds, perHop, frame);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            servers.forEach(ShardServer::close);
        }
    }

    /** Greedy decode of {@code n} tokens after a one-token prompt; the tokens. */
    private int[] decode(dev.hearth.node.model.LanguageModel model, int n) {
        Sequence s = model.newSequence(n + 8);
        int[] out = new int[n];
        float[] logits = model.prefill(s, new int[] {Math.max(0, config.bosTokenId())});
        for (int i = 0; i < n; i++) {
            int next = argmax(logits);
            out[i] = next;
            logits = model.decode(s, next);
        }
        model.release(s);
        return out;
    }

    private static double median(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
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
