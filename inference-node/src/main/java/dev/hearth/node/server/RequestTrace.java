package dev.hearth.node.server;

import io.javalin.http.Context;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The spans of one request on a node: {@code request} (continuing the caller's W3C
 * {@code traceparent}), with children {@code queue} (waiting for the batch), {@code prefill} (until
 * the first token) and {@code decode} (the rest), timed from the generation's own clock readings.
 */
final class RequestTrace {
    private static final TextMapGetter<Context> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Context ctx) {
            return ctx.headerMap().keySet();
        }

        @Override
        public String get(Context ctx, String key) {
            return ctx == null ? null : ctx.header(key);
        }
    };

    private final Tracer tracer;
    private final Span request;
    private final long startEpochNanos;
    private final long startNanos;

    RequestTrace(OpenTelemetry otel, Context ctx, String route, String nodeId) {
        this.tracer = otel.getTracer("dev.hearth.node");
        io.opentelemetry.context.Context parent = otel.getPropagators().getTextMapPropagator()
                .extract(io.opentelemetry.context.Context.root(), ctx, HEADERS);
        Instant now = Instant.now();
        this.startEpochNanos = TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
        this.startNanos = System.nanoTime();
        this.request = tracer.spanBuilder("POST " + route).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
                .setAttribute("http.route", route).setAttribute("hearth.node", nodeId).startSpan();
    }

    /** This request's span as a W3C {@code traceparent}, for the nodes it sends work to; empty when not sampled. */
    String traceparent() {
        var sc = request.getSpanContext();
        return sc.isValid() ? "00-" + sc.getTraceId() + "-" + sc.getSpanId() + "-" + sc.getTraceFlags().asHex() : "";
    }

    /** Closes the request span with the phases the generation went through (0 = did not happen). */
    void end(String outcome, long admittedNanos, long firstTokenNanos, long endNanos, int promptTokens, int outputTokens) {
        io.opentelemetry.context.Context parent = io.opentelemetry.context.Context.root().with(request);
        long end = endNanos > 0 ? endNanos : System.nanoTime();
        long queueEnd = admittedNanos > 0 ? admittedNanos : end;
        phase(parent, "queue", startNanos, queueEnd, null, 0);
        if (admittedNanos > 0) {
            long prefillEnd = firstTokenNanos > 0 ? firstTokenNanos : end;
            phase(parent, "prefill", admittedNanos, prefillEnd, "hearth.prompt_tokens", promptTokens);
            if (firstTokenNanos > 0) {
                phase(parent, "decode", firstTokenNanos, end, "hearth.output_tokens", outputTokens);
            }
        }
        request.setAttribute("hearth.outcome", outcome);
        if (!"ok".equals(outcome)) {
            request.setStatus(StatusCode.ERROR, outcome);
        }
        request.end(epoch(end), TimeUnit.NANOSECONDS);
    }

    private void phase(io.opentelemetry.context.Context parent, String name, long from, long to, String key, long value) {
        Span span = tracer.spanBuilder(name).setParent(parent).setStartTimestamp(epoch(from), TimeUnit.NANOSECONDS)
                .startSpan();
        if (key != null) {
            span.setAttribute(key, value);
        }
        span.end(epoch(to), TimeUnit.NANOSECONDS);
    }

    private long epoch(long nanoTime) {
        return startEpochNanos + (nanoTime - startNanos);
    }
}
