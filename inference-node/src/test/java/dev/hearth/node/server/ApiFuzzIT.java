package dev.hearth.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.gateway.Gateway;
import dev.hearth.node.gateway.RouteTable;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.tokenizer.ByteTokenizer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and mutated bodies against both endpoints, on a node and through the gateway: every answer is a well-formed
 * completion or an OpenAI-shaped error with a 4xx status, and the node keeps serving.
 */
class ApiFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SEEDS = List.of(
            "{\"prompt\":\"Hello\",\"max_tokens\":4,\"temperature\":0.5,\"top_p\":0.9,\"seed\":1,\"stop\":[\"x\"]}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":3,\"stream\":false}",
            "{\"prompt\":[\"a\"],\"max_tokens\":2,\"model\":\"hearth-tiny\",\"stream_options\":{\"include_usage\":true}}");
    private static final String[] FRAGMENTS = {"null", "-1", "1e309", "9999999999999999999", "\"\"", "[]", "{}",
            "true", "\"\\ud800\"", "0.0", "-0", "\"max_tokens\"", "[[[[", "}}}", ",", ":", "\"stream\":true"};
    private static final Set<Integer> ALLOWED = Set.of(200, 400, 404, 413, 429);

    @Test
    void everyAnswerIsWellFormedAndTheNodeKeepsServing() throws Exception {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), 4, k, 128), new ByteTokenizer(), k);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        SplittableRandom random = new SplittableRandom(2026);
        List<String> problems = new ArrayList<>();
        int retried = 0;
        try (InferenceNode node = new InferenceNode("node-f", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                JSON, Clock.systemUTC(), new SchedulerConfig(4, 64, 64, 16, 4096)).start(0);
             Gateway gateway = new Gateway(new RouteTable(Map.of("node-f", node.baseUri())), client,
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(30)).start(0, 0)) {
            for (int i = 0; i < 2500; i++) {
                byte[] body = body(random);
                URI base = i % 2 == 0 ? node.baseUri() : gateway.publicUri();
                URI uri = base.resolve(random.nextBoolean() ? "/v1/completions" : "/v1/chat/completions");
                // an oversized body asks first (Expect: 100-continue), as an HTTP client should: the server can
                // then refuse it with 413 before the upload, instead of closing on a half-sent body
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .expectContinue(body.length > 1_000_000)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                HttpResponse<String> r;
                try {
                    r = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException dropped) {
                    // the client may have picked a pooled keep-alive connection just as it was closed; once more
                    // on a fresh one tells that race from a server that drops requests (which fails again)
                    r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
                    retried++;
                }
                String problem = check(r);
                if (problem != null && problems.size() < 20) {
                    problems.add(problem + " for body " + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
                }
            }
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(node.baseUri().resolve("/v1/completions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"still there?\",\"max_tokens\":2}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
        }
        assertThat(problems).isEmpty();
        assertThat(retried).as("requests that needed a fresh connection").isLessThan(5);
    }

    private static String check(HttpResponse<String> r) {
        if (!ALLOWED.contains(r.statusCode())) {
            return "status " + r.statusCode() + ": " + r.body();
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("text/event-stream")) {
            return r.body().trim().endsWith("data: [DONE]") ? null : "unterminated stream " + r.body();
        }
        try {
            JsonNode json = JSON.readTree(r.body());
            if (r.statusCode() == 200) {
                return json.has("choices") && json.has("usage") ? null : "200 without choices/usage: " + r.body();
            }
            JsonNode error = json.get("error");
            return error != null && error.path("message").isTextual() && error.path("type").isTextual() ? null
                    : "error without OpenAI shape: " + r.body();
        } catch (Exception e) {
            return "not JSON (" + r.statusCode() + "): " + r.body();
        }
    }

    private static byte[] body(SplittableRandom random) {
        int kind = random.nextInt(50);
        if (kind >= 40) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            return noise;
        }
        if (kind == 1) {
            return ("{\"prompt\":\"" + "x".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        String text = SEEDS.get(random.nextInt(SEEDS.size()));
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text = text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(5)));
                case 1 -> text = text.substring(0, at) + FRAGMENTS[random.nextInt(FRAGMENTS.length)] + text.substring(at);
                default -> text = text.substring(0, at) + (char) random.nextInt(32, 127) + text.substring(at);
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (kind < 8 && bytes.length > 2) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x40)); // invalid UTF-8
        }
        return bytes;
    }
}
