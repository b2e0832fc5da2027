package dev.hearth.node.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.ExpertSet;
import dev.hearth.node.model.GeneratedWeights;
import dev.hearth.node.model.LayerRange;
import dev.hearth.node.model.ModelConfig;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.model.PipelineStage;
import dev.hearth.node.model.StageOutput;
import dev.hearth.node.model.StageWeights;
import dev.hearth.node.shard.StageUnavailableException.Reason;
import dev.hearth.node.wire.FrameCodec;
import dev.hearth.node.wire.WireConfig;
import dev.hearth.node.wire.WireMeters;
import dev.hearth.node.tracing.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shard server on loopback: what it answers to good and bad requests, and that it keeps serving. */
class ShardServerTest {
    private final ScalarKernels k = new ScalarKernels();
    private final ModelConfig c = ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny");
    private final GeneratedWeights source = new GeneratedWeights(c, 6);
    private final FrameCodec codec = new FrameCodec(WireConfig.defaults(), new WireMeters(new SimpleMeterRegistry(), "t"));
    private StageHost host;
    private ShardServer server;
    private TcpStageLink link;

    @BeforeEach
    void start() throws Exception {
        host = new StageHost(new PipelineStage(StageWeights.load(c, source, new LayerRange(2, 4)), k, 64));
        server = new ShardServer("stage-x", host, new ExpertHost(ExpertSet.load(c, source, (l, e) -> e < 4), k), codec)
                .start(InetAddress.getLoopbackAddress(), 0);
        link = new TcpStageLink(HopRecorder.none("test"), "stage-x", address(), new LayerRange(2, 4), codec, Duration.ofSeconds(10), 0);
    }

    @AfterEach
    void stop() {
        link.close();
        server.close();
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    private float[] hidden(int rows) {
        float[] h = new float[rows * c.hiddenSize()];
        Random r = new Random(rows);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) r.nextGaussian();
        }
        return h;
    }

    @Test
    void aRemoteStepEqualsTheSameStepRunHereAndReleaseFreesTheCache() {
        StageHost local = new StageHost(new PipelineStage(StageWeights.load(c, source, new LayerRange(2, 4)), k, 64));
        List<StageRequest> first = List.of(new StageRequest(7, 0, new int[3], 16), new StageRequest(8, 0, new int[1], 16));
        StageOutput remote = link.step(first, hidden(4));
        StageOutput here = local.step(first, hidden(4));
        assertThat(remote.logits()).isDeepEqualTo(here.logits());
        List<StageRequest> next = List.of(new StageRequest(7, 3, new int[1], 16));
        assertThat(link.step(next, hidden(1)).logits()).isDeepEqualTo(local.step(next, hidden(1)).logits());
        assertThat(host.sequences()).isEqualTo(2);
        link.release(7);
        link.release(8);
        assertThat(host.sequences()).isZero();
    }

    @Test
    void aLostSequenceComesBackAsLostNotAsADeadNode() {
        assertThatThrownBy(() -> link.step(List.of(new StageRequest(9, 5, new int[1], 16)), hidden(1)))
                .isInstanceOfSatisfying(StageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.LOST_SEQUENCE))
                .hasMessageContaining("holds sequence 9 not at all");
    }

    @Test
    void framesForLayersThisNodeDoesNotServeAreRefused() {
        TcpStageLink wrong = new TcpStageLink(HopRecorder.none("test"), "stage-x", address(), new LayerRange(1, 4), codec, Duration.ofSeconds(10), 0);
        assertThatThrownBy(() -> wrong.step(List.of(new StageRequest(1, 0, new int[1], 16)), hidden(1)))
                .isInstanceOfSatisfying(StageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                .hasMessageContaining("this node runs layers [2-3]").hasMessageContaining("asks for layer 1");
        wrong.close();
    }

    @Test
    void remoteExpertsReturnTheBitsTheyWouldGiveHere() {
        int layer = c.firstKDenseReplace();
        ExpertHost local = new ExpertHost(ExpertSet.load(c, source, (l, e) -> e < 4), k);
        try (TcpExpertLink experts = new TcpExpertLink(HopRecorder.none("test"), "stage-x", address(), codec, Duration.ofSeconds(10), 0)) {
            List<float[]> in = List.of(hidden(3), hidden(1));
            assertThat(experts.run(layer, new int[] {1, 3}, in, new int[] {3, 1}))
                    .containsExactlyElementsOf(local.run(layer, new int[] {1, 3}, in, new int[] {3, 1}));
            assertThatThrownBy(() -> experts.run(layer, new int[] {9}, List.of(hidden(1)), new int[] {1}))
                    .hasMessageContaining("expert 9 of layer " + layer + " is not held here");
        }
    }

    @Test
    void whenAnExpertNodeDiesTheRowsGoToItsReplicaAndTheOutputsStayTheSame() throws Exception {
        int layer = c.firstKDenseReplace();
        ExpertHost local = new ExpertHost(ExpertSet.load(c, source, (l, e) -> e < 4), k);
        ShardServer replica = new ShardServer("experts-2", null, new ExpertHost(ExpertSet.load(c, source,
                (l, e) -> e < 4), k), codec).start(InetAddress.getLoopbackAddress(), 0);
        TcpExpertLink first = new TcpExpertLink(HopRecorder.none("test"), "stage-x", address(), codec, Duration.ofSeconds(5), 0);
        TcpExpertLink second = new TcpExpertLink(HopRecorder.none("test"), "experts-2", new InetSocketAddress("127.0.0.1", replica.port()), codec,
                Duration.ofSeconds(5), 0);
        ExpertReplicas group = new ExpertReplicas(List.of(first, second));
        List<float[]> in = List.of(hidden(2), hidden(3));
        List<float[]> expected = local.run(layer, new int[] {0, 2}, in, new int[] {2, 3});
        assertThat(group.run(layer, new int[] {0, 2}, in, new int[] {2, 3})).containsExactlyElementsOf(expected);
        server.close(); // the first holder goes away
        assertThat(group.run(layer, new int[] {0, 2}, in, new int[] {2, 3})).containsExactlyElementsOf(expected);
        replica.close();
        assertThatThrownBy(() -> group.run(layer, new int[] {0}, List.of(hidden(2)), new int[] {2}))
                .isInstanceOfSatisfying(StageUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE));
        first.close();
        second.close();
    }

    @Test
    void garbageUnknownRequestsAndHugeCountsAreAnsweredAndTheServerKeepsServing() throws Exception {
        assertThat(exchange(s -> s.writeInt(0x12345678))).contains("not a shard message");
        assertThat(exchange(s -> {
            s.writeInt(ShardProtocol.MAGIC);
            s.writeByte(42);
            s.writeUTF("test");
        })).contains("does not know request type 42");
        assertThat(exchange(s -> {
            s.writeInt(ShardProtocol.MAGIC);
            s.writeByte(ShardProtocol.STEP);
            s.writeUTF("test");
            s.writeInt(1_000_000_000);
        })).contains("at most 65536");
        assertThat(exchange(s -> {
            s.writeInt(ShardProtocol.MAGIC);
            s.writeByte(ShardProtocol.STEP);
            s.writeUTF("test");
            s.writeInt(1);
            s.write(new byte[FrameCodec.PREFIX_BYTES]); // a frame of zeros
        })).contains("could not read the message");
        // and a well-formed step still works afterwards
        assertThat(link.step(List.of(new StageRequest(1, 0, new int[1], 16)), hidden(1)).logits()).hasNumberOfRows(1);
    }

    @Test
    void framesCarryTheSequencesHouseholdTraceAndPosition() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        try (java.net.ServerSocket peer = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TcpStageLink toPeer = new TcpStageLink(HopRecorder.none("test"), "peer", new InetSocketAddress("127.0.0.1", peer.getLocalPort()),
                    new LayerRange(2, 4), codec, Duration.ofSeconds(5), 17);
            Thread sender = new Thread(() -> {
                try {
                    toPeer.step(List.of(new StageRequest(5, 3, new int[2], 16,
                            new dev.hearth.node.model.SequenceOwner("house-a", traceparent))), hidden(2));
                } catch (StageUnavailableException expected) {
                    // the peer hangs up without answering
                }
            });
            sender.start();
            try (Socket s = peer.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                assertThat(in.readInt()).isEqualTo(ShardProtocol.MAGIC);
                assertThat(in.readByte()).isEqualTo(ShardProtocol.STEP);
                assertThat(in.readUTF()).as("the sender").isEqualTo("test");
                var frame = ShardProtocol.readFrames(in, codec).get(0);
                assertThat(frame.requestId()).isEqualTo("5");
                assertThat(frame.household()).isEqualTo("house-a");
                assertThat(frame.trace().traceparent()).isEqualTo(traceparent);
                assertThat(frame.layer()).isEqualTo(2);
                assertThat(frame.startPosition()).isEqualTo(3);
                assertThat(frame.tokenCount()).isEqualTo(2);
                assertThat(frame.placementVersion()).isEqualTo(17);
                assertThat(frame.activations().values()).isEqualTo(hidden(2));
            }
            sender.join(10_000);
            toPeer.close();
        }
    }

    @Test
    void eachHopIsTimedByPhaseAndTracedInEachRequestsTrace() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = Tracing.withExporter(exporter, "test")) {
            TcpStageLink traced = new TcpStageLink(new HopRecorder("sched", registry, otel), "stage-x", address(),
                    new LayerRange(2, 4), codec, Duration.ofSeconds(10), 0);
            String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
            traced.step(List.of(new StageRequest(21, 0, new int[2], 16,
                    new dev.hearth.node.model.SequenceOwner("house-a", traceparent)),
                    new StageRequest(22, 0, new int[1], 16)), hidden(3));
            traced.close();
            for (String phase : List.of("send", "compute", "receive")) {
                assertThat(registry.get(dev.hearth.model.MetricCatalogue.HOP_DURATION.meterName()).tag("node", "sched").tag("peer", "stage-x")
                        .tag("phase", phase).timer().count()).as(phase).isEqualTo(1);
            }
            // gaussian hidden states do not compress: both frames go raw, payload plus headers
            assertThat(registry.get(dev.hearth.model.MetricCatalogue.HOP_BYTES.meterName()).tag("peer", "stage-x")
                    .tag("direction", "sent").tag("codec", "raw").counter().count())
                    .isGreaterThan(3.0 * 4 * c.hiddenSize()).isEqualTo(counterBytes(registry, "sent"));
            assertThat(counterBytes(registry, "received")).as("two rows of logits back")
                    .isGreaterThan(2.0 * 4 * c.vocabSize());
            assertThat(registry.get(dev.hearth.model.MetricCatalogue.HOP_DURATION.meterName()).tag("phase", "compute").timer()
                    .totalTime(java.util.concurrent.TimeUnit.NANOSECONDS)).as("the peer reports its work").isPositive();
            otel.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(exporter.getFinishedSpanItems()).as("one span, for the one traced request")
                    .singleElement().satisfies(span -> {
                        assertThat(span.getName()).isEqualTo("hop stage-x");
                        assertThat(span.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
                        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
                        assertThat(span.getAttributes().asMap().keySet().toString()).contains("hearth.hop.compute_us");
                    });
        }
    }

    @Test
    void aNodeOutsideThePlacementIsRefusedAndItsConnectionClosed() throws Exception {
        StageHost h = new StageHost(new PipelineStage(StageWeights.load(c, source, new LayerRange(2, 4)), k, 64));
        Assignment placed = new Assignment(5, null, java.util.Map.of(2, h), null, java.util.Set.of("sched", "stage-y"));
        try (ShardServer following = new ShardServer("stage-y", placed, codec, null)
                .start(InetAddress.getLoopbackAddress(), 0)) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", following.port());
            TcpStageLink member = new TcpStageLink(HopRecorder.none("sched"), "stage-y", at, new LayerRange(2, 4), codec,
                    Duration.ofSeconds(10), 5);
            assertThat(member.step(List.of(new StageRequest(1, 0, new int[1], 16)), hidden(1)).logits()).hasNumberOfRows(1);
            member.close();
            TcpStageLink stranger = new TcpStageLink(HopRecorder.none("intruder"), "stage-y", at, new LayerRange(2, 4),
                    codec, Duration.ofSeconds(10), 5);
            assertThatThrownBy(() -> stranger.step(List.of(new StageRequest(2, 0, new int[1], 16)), hidden(1)))
                    .isInstanceOfSatisfying(StageUnavailableException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REFUSED))
                    .hasMessageContaining("refused work from intruder, which is not in placement version 5");
            // the connection was closed: the next call opens a new one and is refused again, not hung
            assertThatThrownBy(() -> stranger.step(List.of(new StageRequest(2, 0, new int[1], 16)), hidden(1)))
                    .hasMessageContaining("not in placement version 5");
            stranger.close();
            assertThat(h.sequences()).as("only the member's sequence").isEqualTo(1);
        }
    }

    private static double counterBytes(SimpleMeterRegistry registry, String direction) {
        return registry.find(dev.hearth.model.MetricCatalogue.HOP_BYTES.meterName()).tag("direction", direction)
                .counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private interface Writer {
        void write(DataOutputStream out) throws Exception;
    }

    /** Sends raw bytes on a fresh connection; returns the failure message the server answered with. */
    private String exchange(Writer request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            request.write(out);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(in.readByte()).as("status").isEqualTo(ShardProtocol.FAILED);
            assertThat(in.readByte()).as("reason").isEqualTo((byte) Reason.REFUSED.ordinal());
            return in.readUTF();
        }
    }
}
