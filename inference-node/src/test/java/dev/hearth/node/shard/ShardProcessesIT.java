package dev.hearth.node.shard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.generation.SamplingParams;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.server.InferenceNode;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import dev.hearth.testsupport.CompletionStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.Map;
import dev.hearth.node.model.CheckpointGenerator;
import dev.hearth.node.model.StoredType;

/**
 * The model split over processes on loopback, talking over TCP: this JVM runs layer 0 and
 * schedules; one process runs layers 1-2 holding the even experts of those MoE layers, another
 * holds their odd experts, and two more each run layer 3 (a stage and its replica). Outputs must be
 * token for token those of one node, and killing the stage's node mid-stream must cost no request.
 */
class ShardProcessesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScalarKernels k = new ScalarKernels();
    private final ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final List<ShardProcess> processes = new ArrayList<>();
    private ShardProcess oddExperts;
    private ShardProcess middle;
    private ShardProcess last;
    private ShardProcess lastReplica;
    @TempDir
    Path checkpoint;

    @BeforeEach
    void startShards() throws Exception {
        String[] common = {"--preset", "tiny", "--seed", "6", "--context", "256", "--kernels", "scalar", "--wire", "lossless"};
        oddExperts = start(common, "--node", "experts-odd", "--experts-only", "2:1");
        middle = start(common, "--node", "stage-1", "--layers", "1-2", "--hold-experts", "2:0", "--metrics-port", "0",
                "--expert-peer", "127.0.0.1:" + oddExperts.port() + ":2:1");
        last = start(common, "--node", "stage-2", "--layers", "3-3");
        // the replica loads its layers from a checkpoint on disk (float32, the same seed) rather than generating them
        new CheckpointGenerator(1 << 20).write(c, StoredType.F32, 6, checkpoint, Map.of("format", "pt"),
                new CheckpointGenerator.Progress() {
                    @Override
                    public void generated(long parameters, long total) {
                    }

                    @Override
                    public void written(long bytes, long total) {
                    }
                });
        lastReplica = start(new String[] {"--model", checkpoint.toString(), "--context", "256", "--kernels", "scalar",
                "--wire", "lossless"}, "--node", "stage-2b", "--layers", "3-3");
    }

    private ShardProcess start(String[] common, String... args) throws Exception {
        String[] all = new String[common.length + args.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(args, 0, all, common.length, args.length);
        ShardProcess p = ShardProcess.start(all);
        processes.add(p);
        return p;
    }

    @AfterEach
    void stopShards() throws Exception {
        for (ShardProcess p : processes) {
            p.close();
        }
    }

    private PipelineModel pipeline() {
        FrameCodec codec = new FrameCodec(WireConfig.defaults().withPolicy(
                dev.hearth.node.wire.AdaptiveCodecPolicy.lossless()), new WireMeters(new SimpleMeterRegistry(), "coordinator"));
        PipelineStage first = new PipelineStage(StageWeights.load(c, new GeneratedWeights(c, 6), new LayerRange(0, 1)), k,
                256);
        Duration timeout = Duration.ofSeconds(20);
        HopRecorder hops = HopRecorder.none("coordinator");
        return new PipelineModel(c, List.of(
                StageReplicas.of(new LocalStageLink("coordinator", new StageHost(first))),
                StageReplicas.of(new TcpStageLink(hops, "stage-1", middle.address(), new LayerRange(1, 3), codec, timeout, 0)),
                StageReplicas.of(new TcpStageLink(hops, "stage-2", last.address(), new LayerRange(3, 4), codec, timeout, 0),
                        new TcpStageLink(hops, "stage-2b", lastReplica.address(), new LayerRange(3, 4), codec, timeout, 0))),
                256, first.weights().storedBytes(), first.routing());
    }

    @Test
    void aModelSplitOverFourProcessesGeneratesWhatOneNodeGenerates() throws Exception {
        Generator whole = new Generator("m", DecoderModel.generated(c, 6, k, 256), new ByteTokenizer(), k);
        try (PipelineModel split = pipeline()) {
            Generator piped = new Generator("m", split, new ByteTokenizer(), k);
            for (long seed : new long[] {1, 2, 3}) {
                SamplingParams params = new SamplingParams(0.8, 0.95, seed);
                assertThat(piped.generate("a fleet of households", 40, params).text())
                        .isEqualTo(whole.generate("a fleet of households", 40, params).text());
            }
        }
        // the stage's node counts its wire bytes per codec, before and after encoding
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                + middle.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(counter(metrics, "hearth_wire_raw_bytes_total", "raw", "received")).isPositive();
        assertThat(counter(metrics, "hearth_wire_encoded_bytes_total", "raw", "sent")).isPositive();
        assertThat(counter(metrics, "hearth_wire_frames_total", "lossy", "sent")).as("lossless wire").isZero();
    }

    private static double counter(String scrape, String name, String codec, String direction) {
        return scrape.lines().filter(l -> l.startsWith(name + "{") && l.contains("codec=\"" + codec + "\"")
                        && l.contains("direction=\"" + direction + "\"") && l.contains("node=\"stage-1\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void killingAStagesNodeMidStreamFailsNoRequestAndChangesNoToken() throws Exception {
        PipelineModel calm = pipeline();
        List<String> undisturbed = serve(calm, null);
        assertThat(calm.stages().get(2).describe()).startsWith("stage-2 ");
        PipelineModel stormy = pipeline();
        List<String> disturbed = serve(stormy, last);
        assertThat(stormy.stages().get(2).describe()).as("the replica took over").startsWith("stage-2b ");
        assertThat(disturbed).containsExactlyElementsOf(undisturbed);
        assertThat(undisturbed).allSatisfy(t -> assertThat(t).isNotEmpty());
    }

    /**
     * 20 concurrent streams through a node running {@code model}; when {@code victim} is given, it
     * is killed once every stream has its first tokens. Returns each stream's text, failing on any
     * error.
     */
    private List<String> serve(PipelineModel model, ShardProcess victim) throws Exception {
        Generator g = new Generator("hearth-tiny", model, new ByteTokenizer(), k);
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (model; InferenceNode node = new InferenceNode("coordinator", g,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), JSON, Clock.systemUTC(),
                new SchedulerConfig(8, 64, 64, 16, 4096)).start(0)) {
            CountDownLatch started = new CountDownLatch(20);
            List<Future<String>> streams = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                streams.add(pool.submit(() -> stream(client, node, n, started)));
            }
            if (victim != null) {
                assertThat(started.await(60, TimeUnit.SECONDS)).as("every stream has begun").isTrue();
                victim.kill();
            }
            List<String> texts = new ArrayList<>();
            for (Future<String> s : streams) {
                texts.add(s.get(120, TimeUnit.SECONDS));
            }
            return texts;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String stream(HttpClient client, InferenceNode node, int n, CountDownLatch started) throws Exception {
        CompletionStream s = CompletionStream.read(client, node.baseUri(), "{\"prompt\":\"household " + n
                + " asks\",\"max_tokens\":48,\"temperature\":0.9,\"seed\":" + n + ",\"stream\":true}", started);
        assertThat(s.completed()).as("stream %d: %s", n, s).isTrue();
        return s.text();
    }
}
