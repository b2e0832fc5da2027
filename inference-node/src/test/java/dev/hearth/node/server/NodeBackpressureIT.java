package dev.hearth.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.tokenizer.ByteTokenizer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A node whose batch and queue are full answers 429 with Retry-After, and keeps serving the rest. */
class NodeBackpressureIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFullQueueIsA429WithRetryAfterAndNothingElseFails() throws Exception {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), 2, k, 256), new ByteTokenizer(), k);
        Http http = new Http();
        try (InferenceNode node = new InferenceNode("node-b", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                JSON, Clock.systemUTC(), new SchedulerConfig(1, 2, 64, 16, 4096)).start(0)) {
            ExecutorService pool = Executors.newFixedThreadPool(12);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(pool.submit(() -> http.post(node.baseUri().resolve("/v1/completions"),
                        "{\"prompt\":\"flood\",\"max_tokens\":120,\"temperature\":1,\"seed\":1}")));
            }
            int ok = 0;
            int refused = 0;
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 429) {
                    refused++;
                    assertThat(r.headers().firstValue("Retry-After")).contains("1");
                    JsonNode error = JSON.readTree(r.body()).get("error");
                    assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
                    assertThat(error.get("message").asText()).contains("node-b is at capacity");
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    ok++;
                }
            }
            pool.shutdown();
            assertThat(refused).as("refused").isPositive();
            assertThat(ok).as("served").isGreaterThanOrEqualTo(3);
            String metrics = http.get(node.baseUri().resolve("/metrics")).body();
            assertThat(metrics).containsPattern("hearth_node_requests_total\\{node=\"node-b\",outcome=\"overloaded\"} [1-9]");
        }
    }
}
