package dev.hearth.controlplane.placement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.Shard;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.gateway.Gateway;
import dev.hearth.node.gateway.RouteTable;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.LanguageModel;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.server.InferenceNode;
import dev.hearth.node.shard.Assignment;
import dev.hearth.node.shard.PipelineModel;
import dev.hearth.node.shard.PipelineRoutes;
import dev.hearth.node.shard.PlacementClient;
import dev.hearth.node.shard.PlacementPush;
import dev.hearth.node.shard.ShardAssembler;
import dev.hearth.node.shard.ShardServer;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.wire.AdaptiveCodecPolicy;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import dev.hearth.testsupport.CompletionStream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A placement change rolled out while households stream through the gateway: the scheduling node
 * "a" holds layer 0; the stage of layers 1-3 moves from shard server "b" to shard server "c" (real
 * TCP on loopback) under 20 concurrent streams. None fails, and every answer is the one a single
 * node gives.
 */
class PlacementRolloutIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ScalarKernels k = new ScalarKernels();
    private final ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final FrameCodec codec = new FrameCodec(WireConfig.defaults().withPolicy(AdaptiveCodecPolicy.lossless()),
            new WireMeters(new SimpleMeterRegistry(), "test"));

    private ShardAssembler assembler(String node) {
        return new ShardAssembler(node, c, new GeneratedWeights(c, 6), k, 256, codec, Duration.ofSeconds(20));
    }

    private static PlacementMap placement(long version, String stageNode) {
        return new PlacementMap(version, 1, List.of(
                new ShardPlacement(new Shard("stage-0", ShardKind.STAGE, 0, 0, 1, 0, 0, 1), List.of("a")),
                new ShardPlacement(new Shard("stage-1", ShardKind.STAGE, 1, 1, 4, 0, 0, 1), List.of(stageNode)),
                new ShardPlacement(new Shard("layer-1-experts", ShardKind.EXPERTS, 1, 1, 2, 0, 16, 1), List.of(stageNode)),
                new ShardPlacement(new Shard("layer-2-experts", ShardKind.EXPERTS, 1, 2, 3, 0, 16, 1), List.of(stageNode)),
                new ShardPlacement(new Shard("layer-3-experts", ShardKind.EXPERTS, 1, 3, 4, 0, 16, 1), List.of(stageNode))));
    }

    @Test
    void movingAStageUnderTwentyStreamsFailsNoneAndChangesNoAnswer() throws Exception {
        List<String> expected = expectedAnswers();
        try (ShardServer b = new ShardServer("b", Assignment.of(null, null), codec, assembler("b"))
                .start(InetAddress.getLoopbackAddress(), 0);
             ShardServer nodeC = new ShardServer("c", Assignment.of(null, null), codec, assembler("c"))
                     .start(InetAddress.getLoopbackAddress(), 0)) {
            Map<String, InetSocketAddress> shardAddresses = Map.of("b", new InetSocketAddress("127.0.0.1", b.port()),
                    "c", new InetSocketAddress("127.0.0.1", nodeC.port()));
            Map<String, String> pushed = Map.of("b", "127.0.0.1:" + b.port(), "c", "127.0.0.1:" + nodeC.port());
            ShardAssembler here = assembler("a");
            AtomicReference<Assignment> local = new AtomicReference<>();
            PlacementClient client = new PlacementClient("control-plane", Duration.ofSeconds(30));
            // "a" schedules in this process: its push is a local assembly; the others go over TCP
            PlacementRollout.NodePush push = (node, map, prepare) -> {
                if (node.equals("a")) {
                    local.set(here.assemble(map, shardAddresses, local.get(), prepare));
                    return map.version();
                }
                return client.push(node, shardAddresses.get(node), new PlacementPush(map, pushed, prepare));
            };
            PlacementMap v1 = placement(1, "b");
            AtomicReference<PipelineModel> model = new AtomicReference<>();
            RouteTable routes = new RouteTable(Map.of());
            AtomicReference<InferenceNode> nodeA = new AtomicReference<>();
            PlacementRollout.Switch toMap = map -> {
                model.get().reroute(PipelineRoutes.of(map, "a", local.get(), shardAddresses, codec, Duration.ofSeconds(20)));
                routes.applyPlacement(map, Map.of("a", nodeA.get().baseUri()));
            };
            // the first rollout: a is assembled, then its pipeline and API come up on it
            push.push("a", v1, false);
            model.set(new PipelineModel(c, PipelineRoutes.of(v1, "a", local.get(), shardAddresses, codec,
                    Duration.ofSeconds(20)), 256, 1, local.get().stageFrom(0).stage().routing()));
            try (InferenceNode a = new InferenceNode("a", new Generator("hearth-tiny", model.get(), new ByteTokenizer(), k),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), JSON, Clock.systemUTC(),
                    new SchedulerConfig(8, 64, 64, 16, 4096)).start(0);
                 Gateway gateway = new Gateway(routes, HttpClient.newHttpClient(),
                         new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(60)).start(0, 0)) {
                nodeA.set(a);
                PlacementRollout rollout = new PlacementRollout(push, toMap);
                PlacementRollout.Report first = rollout.apply(null, v1);
                assertThat(first.switched()).isTrue();
                assertThat(routes.all()).extracting(r -> r.node()).containsExactly("a");

                CountDownLatch started = new CountDownLatch(20);
                ExecutorService pool = Executors.newFixedThreadPool(20);
                try {
                    List<Future<String>> streams = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                        int n = i;
                        streams.add(pool.submit(() -> stream(gateway.publicUri(), n, started)));
                    }
                    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
                    PlacementRollout.Report second = rollout.apply(v1, placement(2, "c"));
                    assertThat(second.failures()).isEmpty();
                    assertThat(second.prepared()).containsExactly("a", "c");
                    assertThat(second.committed()).containsExactly("a", "b", "c");
                    List<String> answers = new ArrayList<>();
                    for (Future<String> s : streams) {
                        answers.add(s.get(120, TimeUnit.SECONDS));
                    }
                    assertThat(answers).containsExactlyElementsOf(expected);
                } finally {
                    pool.shutdownNow();
                }
                assertThat(b.assignment().stages()).as("b let go of the stage it no longer has").isEmpty();
                assertThat(nodeC.assignment().stageFrom(1)).isNotNull();
                assertThat(model.get().stages().get(1).describe()).startsWith("c ");
            } finally {
                model.get().close();
            }
        }
    }

    /** The same 20 requests answered by one node holding the whole model. */
    private List<String> expectedAnswers() throws Exception {
        LanguageModel whole = DecoderModel.generated(c, 6, k, 256);
        try (InferenceNode node = new InferenceNode("whole", new Generator("hearth-tiny", whole, new ByteTokenizer(), k),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), JSON, Clock.systemUTC(),
                new SchedulerConfig(8, 64, 64, 16, 4096)).start(0)) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(stream(node.baseUri(), i, new CountDownLatch(1)));
            }
            return answers;
        }
    }

    private static String stream(URI base, int n, CountDownLatch started) throws Exception {
        CompletionStream s = CompletionStream.read(HttpClient.newHttpClient(), base, "{\"prompt\":\"lane " + n
                + "\",\"max_tokens\":40,\"temperature\":0.9,\"seed\":" + n + ",\"stream\":true}", started);
        assertThat(s.completed()).as("stream %d: %s", n, s).isTrue();
        return s.text();
    }
}
