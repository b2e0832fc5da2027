package dev.hearth.node.wire;

import java.util.Objects;

/**
 * The W3C trace context of the request a frame belongs to, so the receiving node's spans join
 * the request's trace. Both headers are carried as text; parsing them is the tracing library's
 * job. Empty {@code traceparent}: the request is not traced.
 */
public record TraceContext(String traceparent, String tracestate) {
    /** The longest traceparent carried; version 00 needs 55 characters, later versions may append fields. */
    public static final int MAX_TRACEPARENT = 255;
    /** W3C lets a platform drop tracestate members past 512 characters, so the sender trims to that. */
    public static final int MAX_TRACESTATE = 512;

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        Objects.requireNonNull(tracestate, "tracestate");
        WireText.requireHeaderText("traceparent", traceparent, MAX_TRACEPARENT);
        WireText.requireHeaderText("tracestate", tracestate, MAX_TRACESTATE);
        if (traceparent.isEmpty() && !tracestate.isEmpty()) {
            throw new IllegalArgumentException("tracestate without traceparent: W3C drops tracestate when traceparent is absent");
        }
    }

    public static TraceContext none() {
        return new TraceContext("", "");
    }

    public static TraceContext of(String traceparent) {
        return new TraceContext(traceparent, "");
    }
}
