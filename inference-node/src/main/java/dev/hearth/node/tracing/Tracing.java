package dev.hearth.node.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;

/**
 * Builds the OpenTelemetry instance a process traces with: W3C {@code traceparent} propagation
 * always, spans exported over OTLP/HTTP when an endpoint is configured, dropped otherwise.
 */
public final class Tracing {
    private Tracing() {
    }

    /** No export: spans are created (so {@code traceparent} still propagates) and dropped. */
    public static OpenTelemetry propagateOnly() {
        return OpenTelemetry.propagating(ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
    }

    /**
     * Spans batched to an OTLP/HTTP collector at {@code endpoint} (e.g. {@code http://127.0.0.1:4318}).
     * Close the returned SDK to flush.
     */
    public static OpenTelemetrySdk otlp(URI endpoint, String serviceName) {
        String base = endpoint.toString().replaceAll("/+$", "");
        return withExporter(OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build(), serviceName);
    }

    /** Spans handed to {@code exporter} (tests use an in-memory one). */
    public static OpenTelemetrySdk withExporter(SpanExporter exporter, String serviceName) {
        Resource resource = Resource.getDefault().merge(Resource.create(
                Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), serviceName)));
        SdkTracerProvider tracers = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build();
        return OpenTelemetrySdk.builder().setTracerProvider(tracers)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    }
}
