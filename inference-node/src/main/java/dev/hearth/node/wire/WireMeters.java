package dev.hearth.node.wire;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.MetricSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * A node's activation-frame counters, registered from the metric catalogue: payload bytes before
 * and after each codec and frames, per direction, and refused frames per reason. Every series is
 * registered up front, so a rate over a codec that has not been used yet reads 0, not "no data".
 */
public final class WireMeters {
    static final String SENT = "sent";
    static final String RECEIVED = "received";

    private final Map<PayloadEncoding, Counter[]> sent = new EnumMap<>(PayloadEncoding.class);
    private final Map<PayloadEncoding, Counter[]> received = new EnumMap<>(PayloadEncoding.class);
    private final Map<WireFormatException.Reason, Counter> rejected = new EnumMap<>(WireFormatException.Reason.class);

    public WireMeters(MeterRegistry registry, String node) {
        for (PayloadEncoding e : PayloadEncoding.values()) {
            sent.put(e, counters(registry, node, e, SENT));
            received.put(e, counters(registry, node, e, RECEIVED));
        }
        for (WireFormatException.Reason r : WireFormatException.Reason.values()) {
            rejected.put(r, Counter.builder(MetricCatalogue.WIRE_REJECTED_FRAMES.meterName())
                    .description(MetricCatalogue.WIRE_REJECTED_FRAMES.help())
                    .tag("node", node).tag("reason", r.label()).register(registry));
        }
    }

    private static Counter[] counters(MeterRegistry registry, String node, PayloadEncoding e, String direction) {
        return new Counter[] {
                counter(registry, MetricCatalogue.WIRE_RAW_BYTES, node, e, direction),
                counter(registry, MetricCatalogue.WIRE_ENCODED_BYTES, node, e, direction),
                counter(registry, MetricCatalogue.WIRE_FRAMES, node, e, direction)};
    }

    private static Counter counter(MeterRegistry registry, MetricSpec spec, String node, PayloadEncoding e,
                                   String direction) {
        return Counter.builder(spec.meterName()).description(spec.help())
                .tag("node", node).tag("codec", e.label()).tag("direction", direction).register(registry);
    }

    void sent(PayloadEncoding e, long rawBytes, long encodedBytes) {
        count(sent.get(e), rawBytes, encodedBytes);
    }

    void received(PayloadEncoding e, long rawBytes, long encodedBytes) {
        count(received.get(e), rawBytes, encodedBytes);
    }

    void rejected(WireFormatException.Reason reason) {
        rejected.get(reason).increment();
    }

    private static void count(Counter[] c, long rawBytes, long encodedBytes) {
        c[0].increment(rawBytes);
        c[1].increment(encodedBytes);
        c[2].increment();
    }
}
