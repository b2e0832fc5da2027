package dev.hearth.node.shard;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.node.model.SequenceOwner;
import dev.hearth.node.wire.PayloadEncoding;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records every round trip a node makes to its peers: the {@code hearth_hop_duration_seconds}
 * histogram by peer and phase, and a span per hop in the trace of each request the step carried,
 * so a slow token shows which hop and which phase it lost its time in.
 */
public final class HopRecorder {
    /** Buckets from 25 µs: loopback hops are tens of microseconds, a LAN hop with a big frame milliseconds. */
    static final Duration[] BUCKETS = {Duration.ofNanos(25_000), Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(200_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(250)};
    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
    private final String node;
    private final MeterRegistry registry;
    private final OpenTelemetry otel;
    private final Tracer tracer;
    private final Map<String, Timer[]> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytes = new ConcurrentHashMap<>();
    private final Consumer<HopTiming> observer;

    /**
     * @param registry where the histogram goes, or null for none
     * @param otel     where the spans go, or null for none
     */
    public HopRecorder(String node, MeterRegistry registry, OpenTelemetry otel) {
        this(node, registry, otel, t -> { });
    }

    /** @param observer also sees every hop (a benchmark collects them for percentiles) */
    public HopRecorder(String node, MeterRegistry registry, OpenTelemetry otel, Consumer<HopTiming> observer) {
        this.node = node;
        this.registry = registry;
        this.otel = otel;
        this.tracer = otel == null ? null : otel.getTracer("dev.hearth.node.shard");
        this.observer = observer;
    }

    /** Records nothing: for tools and tests that time hops themselves. */
    public static HopRecorder none(String node) {
        return new HopRecorder(node, null, null);
    }

    public String node() {
        return node;
    }

    /** @param what the peer's part, for the span's name (e.g. {@code layers 1-2}, {@code experts}) */
    public void record(String peer, String what, HopTiming t, List<SequenceOwner> owners) {
        observer.accept(t);
        if (registry != null) {
            Timer[] phases = timers.computeIfAbsent(peer, p -> new Timer[] {timer(p, "send"), timer(p, "compute"),
                    timer(p, "receive")});
            phases[0].record(t.send(), TimeUnit.NANOSECONDS);
            phases[1].record(t.compute(), TimeUnit.NANOSECONDS);
            phases[2].record(t.receive(), TimeUnit.NANOSECONDS);
        }
        if (tracer == null) {
            return;
        }
        for (SequenceOwner owner : owners) {
            if (owner.traceparent().isEmpty()) {
                continue;
            }
            Context parent = otel.getPropagators().getTextMapPropagator()
                    .extract(Context.root(), Map.of("traceparent", owner.traceparent()), MAP);
            Span span = tracer.spanBuilder("hop " + peer).setParent(parent).setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(t.startEpochNanos(), TimeUnit.NANOSECONDS)
                    .setAttribute("hearth.peer", peer).setAttribute("hearth.hop.part", what)
                    .setAttribute("hearth.hop.send_us", t.send() / 1000)
                    .setAttribute("hearth.hop.compute_us", t.compute() / 1000)
                    .setAttribute("hearth.hop.receive_us", t.receive() / 1000).startSpan();
            span.end(t.startEpochNanos() + t.total(), TimeUnit.NANOSECONDS);
        }
    }

    /** Counts one frame's bytes on the wire to ({@code sent}) or from a peer, by its payload codec. */
    public void frame(String peer, boolean sent, PayloadEncoding encoding, int size) {
        if (registry == null) {
            return;
        }
        String direction = sent ? "sent" : "received";
        bytes.computeIfAbsent(peer + '\u0000' + direction + '\u0000' + encoding.label(), k -> Counter
                .builder(MetricCatalogue.HOP_BYTES.meterName()).description(MetricCatalogue.HOP_BYTES.help())
                .tag("node", node).tag("peer", peer).tag("codec", encoding.label()).tag("direction", direction)
                .register(registry)).increment(size);
    }

    private Timer timer(String peer, String phase) {
        return Timer.builder(MetricCatalogue.HOP_DURATION.meterName()).description(MetricCatalogue.HOP_DURATION.help())
                .tag("node", node).tag("peer", peer).tag("phase", phase).serviceLevelObjectives(BUCKETS)
                .register(registry);
    }
}
