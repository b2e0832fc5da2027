package dev.hearth.node.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.server.InferenceNode;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.wire.AdaptiveCodecPolicy;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import dev.hearth.testsupport.CompletionStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Placements pushed to shard processes: each node loads what its version assigns and serves only
 * that; moving a stage to another node while 20 streams run fails none of them and changes no token.
 * This JVM schedules and holds layer 0; nodes "b" and "c" are processes that start empty.
 */
class PlacementChangeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScalarKernels k = new ScalarKernels();
    private final ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final FrameCodec codec = new FrameCodec(WireConfig.defaults().withPolicy(AdaptiveCodecPolicy.lossless()),
            new WireMeters(new SimpleMeterRegistry(), "a"));
    private final PlacementClient client = new PlacementClient("control-plane", Duration.ofSeconds(60));
    private ShardProcess b;
    private ShardProcess nodeC;
    private Map<String, InetSocketAddress> addresses;

    @BeforeEach
    void start() throws Exception {
        String[] common = {"--preset", "tiny", "--seed", "6", "--context", "256", "--kernels", "scalar"};
        b = ShardProcess.start(concat(common, "--node", "b"));
        nodeC = ShardProcess.start(concat(common, "--node", "c"));
        addresses = Map.of("b", b.address(), "c", nodeC.address());
    }

    @AfterEach
    void stop() throws Exception {
        b.close();
        nodeC.close();
    }

    private static String[] concat(String[] a, String... more) {
        String[] all = new String[a.length + more.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(more, 0, all, a.length, more.length);
        return all;
    }

    /** Stage 0 (layer 0) on a, stage 1 (layers 1-3) on {@code stageNode}; each MoE layer's experts 0-7 on b, 8-15 on {@code upperExperts}. */
    private PlacementMap placement(long version, String stageNode, String upperExperts) {
        List<ShardPlacement> shards = new ArrayList<>();
        shards.add(new ShardPlacement(new Shard("stage-0", ShardKind.STAGE, 0, 0, 1, 0, 0, 1), List.of("a")));
        shards.add(new ShardPlacement(new Shard("stage-1", ShardKind.STAGE, 1, 1, 4, 0, 0, 1), List.of(stageNode)));
        for (int l = 1; l < 4; l++) {
            shards.add(new ShardPlacement(new Shard("layer-" + l + "-experts-0-7", ShardKind.EXPERTS, 1, l, l + 1, 0, 8, 1),
                    List.of("b")));
            shards.add(new ShardPlacement(new Shard("layer-" + l + "-experts-8-15", ShardKind.EXPERTS, 1, l, l + 1, 8, 16,
                    1), List.of(upperExperts)));
        }
        return new PlacementMap(version, 1, shards);
    }

    private Map<String, String> textAddresses() {
        return Map.of("b", "127.0.0.1:" + b.port(), "c", "127.0.0.1:" + nodeC.port());
    }

    @Test
    void aStageMovedWhileTwentyStreamsRunFailsNoneAndChangesNoToken() throws Exception {
        List<String> calm = run(false);
        List<String> moved = run(true);
        assertThat(moved).containsExactlyElementsOf(calm);
    }

    @Test
    void aNodeServesOnlyWhatItsPlacementVersionAssigns() {
        PlacementMap v1 = placement(1, "b", "b");
        assertThat(client.push("b", b.address(), new PlacementPush(v1, textAddresses()))).isEqualTo(1);
        ShardAssembler here = new ShardAssembler("a", c, new GeneratedWeights(c, 6), k, 256, codec, Duration.ofSeconds(20));
        Assignment local = here.assemble(v1, addresses, null);
        // c has no shard under version 1: a step sent to it is refused, naming what it serves
        TcpStageLink toC = new TcpStageLink(HopRecorder.none("a"), "c", nodeC.address(), new dev.hearth.node.model.LayerRange(1, 4), codec,
                Duration.ofSeconds(20), 1);
        assertThatThrownBy(() -> toC.step(List.of(new StageRequest(1, 0, new int[1], 16)), new float[c.hiddenSize()]))
                .isInstanceOfSatisfying(StageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(StageUnavailableException.Reason.REFUSED))
                .hasMessageContaining("this node runs no stage");
        toC.close();
        // a frame routed by a version b has not loaded is refused too
        TcpStageLink ahead = new TcpStageLink(HopRecorder.none("a"), "b", b.address(), new dev.hearth.node.model.LayerRange(1, 4), codec,
                Duration.ofSeconds(20), 2);
        assertThatThrownBy(() -> ahead.step(List.of(new StageRequest(1, 0, new int[1], 16)), new float[c.hiddenSize()]))
                .hasMessageContaining("follows placement version 1, the step was routed by version 2");
        ahead.close();
        // the same placement again is harmless; an older one than the one followed is refused
        assertThat(client.push("b", b.address(), new PlacementPush(v1, textAddresses()))).isEqualTo(1);
        assertThat(client.push("b", b.address(), new PlacementPush(placement(3, "b", "b"), textAddresses()))).isEqualTo(3);
        assertThatThrownBy(() -> client.push("b", b.address(), new PlacementPush(placement(2, "b", "b"), textAddresses())))
                .hasMessageContaining("placement version 2 is older than the version 3");
        assertThat(local.stageFrom(0)).isNotNull();
    }

    /** 20 streams through a node scheduling over the pipeline; with {@code move}, stage 1 moves from b to c midway. */
    private List<String> run(boolean move) throws Exception {
        PlacementMap v1 = placement(move ? 11 : 1, "b", "b");
        PlacementMap v2 = placement(move ? 12 : 2, "c", "c");
        client.push("b", b.address(), new PlacementPush(v1, textAddresses()));
        ShardAssembler here = new ShardAssembler("a", c, new GeneratedWeights(c, 6), k, 256, codec, Duration.ofSeconds(20));
        Assignment local = here.assemble(v1, addresses, null);
        PipelineModel model = new PipelineModel(c, PipelineRoutes.of(v1, "a", local, addresses, codec,
                Duration.ofSeconds(20)), 256, 1, local.stageFrom(0).stage().routing());
        Generator g = new Generator("hearth-tiny", model, new ByteTokenizer(), k);
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try (model; InferenceNode node = new InferenceNode("a", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                JSON, Clock.systemUTC(), new SchedulerConfig(8, 64, 64, 16, 4096)).start(0)) {
            CountDownLatch started = new CountDownLatch(20);
            List<Future<String>> streams = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                streams.add(pool.submit(() -> stream(http, node, n, started)));
            }
            if (move) {
                assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
                // make before break: b and c prepare (load version 12, keep serving 11), a switches, then
                // both commit and b lets go of the stage it no longer has
                assertThat(client.push("c", nodeC.address(), new PlacementPush(v2, textAddresses(), true))).isEqualTo(12);
                assertThat(client.push("b", b.address(), new PlacementPush(v2, textAddresses(), true))).isEqualTo(12);
                Assignment next = here.assemble(v2, addresses, local);
                assertThat(next.stageFrom(0)).as("a's own stage did not move, so it is kept").isSameAs(local.stageFrom(0));
                model.reroute(PipelineRoutes.of(v2, "a", next, addresses, codec, Duration.ofSeconds(20)));
                assertThat(client.push("b", b.address(), new PlacementPush(v2, textAddresses()))).isEqualTo(12);
                assertThat(client.push("c", nodeC.address(), new PlacementPush(v2, textAddresses()))).isEqualTo(12);
            }
            List<String> texts = new ArrayList<>();
            for (Future<String> s : streams) {
                texts.add(s.get(120, TimeUnit.SECONDS));
            }
            if (move) {
                assertThat(model.stages().get(1).describe()).startsWith("c ");
            }
            return texts;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String stream(HttpClient client, InferenceNode node, int n, CountDownLatch started) throws Exception {
        CompletionStream s = CompletionStream.read(client, node.baseUri(), "{\"prompt\":\"street " + n
                + "\",\"max_tokens\":40,\"temperature\":0.9,\"seed\":" + n + ",\"stream\":true}", started);
        assertThat(s.completed()).as("stream %d: %s", n, s).isTrue();
        return s.text();
    }
}
