package dev.hearth.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.tracing.Tracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A request's spans continue the caller's W3C trace: request, then queue, prefill and decode. */
class TracingIT {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void spansContinueTheCallersTraceparent() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        OpenTelemetrySdk otel = Tracing.withExporter(exporter, "hearth-node-test");
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), 2, k, 128), new ByteTokenizer(), k);
        try (InferenceNode node = new InferenceNode("node-t", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ObjectMapper(), Clock.systemUTC(), new SchedulerConfig(4, 8, 64, 16, 1024), otel).start(0)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.baseUri()
                            .resolve("/v1/completions")).header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"trace me\",\"max_tokens\":5,\"seed\":1,\"temperature\":0.5}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }
        otel.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
        List<SpanData> spans = exporter.getFinishedSpanItems();
        Map<String, SpanData> byName = spans.stream().collect(Collectors.toMap(SpanData::getName, s -> s));
        assertThat(byName).containsKeys("POST /v1/completions", "queue", "prefill", "decode");
        SpanData request = byName.get("POST /v1/completions");
        assertThat(request.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(request.getResource().getAttribute(io.opentelemetry.api.common.AttributeKey.stringKey("service.name")))
                .isEqualTo("hearth-node-test");
        for (String phase : List.of("queue", "prefill", "decode")) {
            SpanData s = byName.get(phase);
            assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(s.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(s.getStartEpochNanos()).isGreaterThanOrEqualTo(request.getStartEpochNanos());
            assertThat(s.getEndEpochNanos()).isLessThanOrEqualTo(request.getEndEpochNanos());
        }
        assertThat(byName.get("prefill").getEndEpochNanos()).isLessThanOrEqualTo(byName.get("decode").getStartEpochNanos());
        assertThat(byName.get("decode").getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey(
                "hearth.output_tokens"))).isPositive();
        otel.close();
    }
}
