package dev.hearth.node.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.tokenizer.ByteTokenizer;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.engine.ScalarKernels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class InferenceNodeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InferenceNode node;
    private final Http http = new Http();

    @BeforeAll
    static void start() {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"), 1, k, 128),
                new ByteTokenizer(), k);
        node = new InferenceNode("node-7", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), JSON,
                Clock.systemUTC(), new SchedulerConfig(4, 8, 64, 16, 4096)).start(0);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void servesAnOpenAiShapedCompletion() throws Exception {
        HttpResponse<String> r = http.post(node.baseUri().resolve("/v1/completions"),
                "{\"prompt\":\"Hi\",\"max_tokens\":5,\"temperature\":0,\"model\":\"hearth-tiny\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Hearth-Node")).contains("node-7");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("object").asText()).isEqualTo("text_completion");
        assertThat(body.get("id").asText()).startsWith("cmpl-");
        assertThat(body.get("model").asText()).isEqualTo("hearth-tiny");
        JsonNode choice = body.get("choices").get(0);
        assertThat(choice.get("index").asInt()).isZero();
        assertThat(choice.has("logprobs")).isTrue();
        JsonNode usage = body.get("usage");
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3);
        int completion = usage.get("completion_tokens").asInt();
        assertThat(completion).isBetween(1, 5);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(3 + completion);
        assertThat(choice.get("finish_reason").asText()).isEqualTo(completion == 5 ? "length" : "stop");

        // greedy decoding is deterministic across requests
        HttpResponse<String> again = http.post(node.baseUri().resolve("/v1/completions"),
                "{\"prompt\":\"Hi\",\"max_tokens\":5,\"temperature\":0}");
        assertThat(JSON.readTree(again.body()).get("choices").get(0).get("text").asText())
                .isEqualTo(choice.get("text").asText());
    }

    @Test
    void badRequestsGetOpenAiErrors() throws Exception {
        HttpResponse<String> r = http.post(node.baseUri().resolve("/v1/completions"), "{\"max_tokens\":5}");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo("prompt");

        HttpResponse<String> notJson = http.post(node.baseUri().resolve("/v1/completions"), "{nope");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("error").get("message").asText()).contains("not valid JSON");

        HttpResponse<String> tooLong = http.post(node.baseUri().resolve("/v1/completions"),
                "{\"prompt\":\"a\",\"max_tokens\":1000}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("error").get("code").asText()).isEqualTo("context_length_exceeded");

        HttpResponse<String> wrongModel = http.post(node.baseUri().resolve("/v1/completions"),
                "{\"prompt\":\"a\",\"model\":\"gpt-9\"}");
        assertThat(wrongModel.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(wrongModel.body()).get("error").get("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void listsItsModelAndExposesMetrics() throws Exception {
        JsonNode models = JSON.readTree(http.get(node.baseUri().resolve("/v1/models")).body());
        assertThat(models.get("data").get(0).get("id").asText()).isEqualTo("hearth-tiny");

        http.post(node.baseUri().resolve("/v1/completions"), "{\"prompt\":\"x\",\"max_tokens\":2}");
        String metrics = http.get(node.baseUri().resolve("/metrics")).body();
        assertThat(metrics).containsPattern("hearth_node_requests_total\\{node=\"node-7\",outcome=\"ok\"} [1-9]");
        assertThat(metrics).contains("hearth_node_request_duration_seconds_bucket{node=\"node-7\",le=\"0.6\"}");
        assertThat(metrics).contains("hearth_node_generated_tokens_total{node=\"node-7\"}");
        assertThat(metrics).contains("hearth_node_inflight_requests{node=\"node-7\"} 0");
    }
}
