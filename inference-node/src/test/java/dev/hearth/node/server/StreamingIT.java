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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chat completions, server-sent events and stop strings on a node. */
class StreamingIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static InferenceNode node;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Http http = new Http();

    @BeforeAll
    static void start() {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), 5, k, 256), new ByteTokenizer(), k);
        node = new InferenceNode("node-s", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), JSON,
                Clock.systemUTC(), new SchedulerConfig(4, 8, 64, 16, 4096)).start(0);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private List<String> events(String path, String body) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = client.send(HttpRequest.newBuilder(node.baseUri().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        return r.body().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).collect(Collectors.toList());
    }

    @Test
    void aStreamedCompletionAddsUpToTheWholeOne() throws Exception {
        String request = "{\"prompt\":\"Once\",\"max_tokens\":24,\"temperature\":0.9,\"seed\":42";
        JsonNode whole = JSON.readTree(http.post(node.baseUri().resolve("/v1/completions"), request + "}").body());
        List<String> events = events("/v1/completions", request + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        String finish = null;
        JsonNode usage = null;
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = JSON.readTree(e);
            assertThat(chunk.get("object").asText()).isEqualTo("text_completion");
            if (chunk.get("choices").isEmpty()) {
                usage = chunk.get("usage");
                continue;
            }
            text.append(chunk.get("choices").get(0).get("text").asText());
            if (!chunk.get("choices").get(0).get("finish_reason").isNull()) {
                finish = chunk.get("choices").get(0).get("finish_reason").asText();
            }
        }
        assertThat(text.toString()).isEqualTo(whole.get("choices").get(0).get("text").asText());
        assertThat(finish).isEqualTo(whole.get("choices").get(0).get("finish_reason").asText());
        assertThat(usage).isEqualTo(whole.get("usage"));
    }

    @Test
    void chatCompletionsStreamAnAssistantMessage() throws Exception {
        String messages = "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"hi\"}]";
        JsonNode whole = JSON.readTree(http.post(node.baseUri().resolve("/v1/chat/completions"),
                "{" + messages + ",\"max_tokens\":10,\"seed\":3}").body());
        assertThat(whole.get("object").asText()).isEqualTo("chat.completion");
        assertThat(whole.get("id").asText()).startsWith("chatcmpl-");
        assertThat(whole.get("choices").get(0).get("message").get("role").asText()).isEqualTo("assistant");
        assertThat(whole.get("usage").get("prompt_tokens").asInt()).isEqualTo(1 + "system: be brief\nuser: hi\nassistant:".length());

        List<String> events = events("/v1/chat/completions", "{" + messages + ",\"max_tokens\":10,\"seed\":3,\"stream\":true}");
        JsonNode first = JSON.readTree(events.get(0));
        assertThat(first.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("choices").get(0).get("delta").get("role").asText()).isEqualTo("assistant");
        String content = events.stream().filter(e -> !e.equals("[DONE]")).map(e -> {
            try {
                return JSON.readTree(e).get("choices").get(0).get("delta").path("content").asText("");
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }).collect(Collectors.joining());
        assertThat(content).isEqualTo(whole.get("choices").get(0).get("message").get("content").asText());
    }

    @Test
    void aStopStringEndsTheCompletionWithoutItself() throws Exception {
        String base = "{\"prompt\":\"abc\",\"max_tokens\":40,\"temperature\":0.8,\"seed\":11";
        String free = JSON.readTree(http.post(node.baseUri().resolve("/v1/completions"), base + "}").body())
                .get("choices").get(0).get("text").asText();
        assertThat(free.length()).isGreaterThan(4);
        String stop = free.substring(3, 5);
        JsonNode stopped = JSON.readTree(http.post(node.baseUri().resolve("/v1/completions"),
                base + ",\"stop\":[" + JSON.writeValueAsString(stop) + "]}").body()).get("choices").get(0);
        assertThat(stopped.get("text").asText()).isEqualTo(free.substring(0, free.indexOf(stop)));
        assertThat(stopped.get("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void aClientThatLeavesMidStreamCancelsItsGeneration() throws Exception {
        HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(node.baseUri().resolve("/v1/completions"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"prompt\":\"go on\",\"max_tokens\":230,\"temperature\":1,\"seed\":2,\"stream\":true}"))
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
        java.io.InputStream body = r.body();
        assertThat(body.read(new byte[16])).isPositive(); // the stream has started
        body.close(); // the client goes away
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = http.get(node.baseUri().resolve("/metrics")).body();
            // the outcome is counted when the write fails; the scheduler drops the job at its next step
            if (metrics.matches("(?s).*hearth_node_requests_total\\{node=\"node-s\",outcome=\"cancelled\"} [1-9].*")
                    && node.schedulerStats().running() == 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(metrics).containsPattern("hearth_node_requests_total\\{node=\"node-s\",outcome=\"cancelled\"} [1-9]");
        assertThat(node.schedulerStats().running()).as("the generation left the batch").isZero();
    }

    @Test
    void badChatBodiesGetOpenAiErrors() throws Exception {
        HttpResponse<String> noMessages = http.post(node.baseUri().resolve("/v1/chat/completions"), "{\"max_tokens\":3}");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMessages.body()).get("error").get("param").asText()).isEqualTo("messages");
        HttpResponse<String> badRole = http.post(node.baseUri().resolve("/v1/chat/completions"),
                "{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}");
        assertThat(JSON.readTree(badRole.body()).get("error").get("message").asText()).contains("'wizard'");
        HttpResponse<String> badStop = http.post(node.baseUri().resolve("/v1/completions"),
                "{\"prompt\":\"x\",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}");
        assertThat(badStop.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badStop.body()).get("error").get("param").asText()).isEqualTo("stop");
    }
}
