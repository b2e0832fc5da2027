package dev.hearth.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.gateway.Gateway;
import dev.hearth.node.gateway.Household;
import dev.hearth.node.gateway.RouteTable;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.tokenizer.ByteTokenizer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm client against a node and through the gateway (with an API key): installed from the npm registry by the test
 * (Node.js and npm must be on the PATH; {@code .ci/run} installs them when missing), then run on a
 * script that creates completions and chat completions, whole and streamed.
 */
class OpenAiClientIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String KEY = "hh-test-key";

    @TempDir
    Path dir;

    @Test
    void theOfficialClientTalksToANodeAndThroughTheGateway() throws Exception {
        for (String file : List.of("package.json", "client.mjs")) {
            try (InputStream in = getClass().getResourceAsStream("/openai-client/" + file)) {
                Files.copy(in, dir.resolve(file));
            }
        }
        run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), null, null, 300);

        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), 9, k, 256), new ByteTokenizer(), k);
        try (InferenceNode node = new InferenceNode("node-o", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                JSON, Clock.systemUTC(), new SchedulerConfig(4, 8, 64, 16, 4096)).start(0);
             Gateway gateway = new Gateway(new RouteTable(Map.of("node-o", node.baseUri())), HttpClient.newHttpClient(),
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(30),
                     key -> KEY.equals(key) ? Optional.of(new Household("h-test", "test", HouseholdQuota.standard()))
                             : Optional.empty(), Clock.systemUTC()).start(0, 0)) {
            check(JSON.readTree(run(List.of("node", "client.mjs"), node.baseUri() + "/v1", null, 120)));
            check(JSON.readTree(run(List.of("node", "client.mjs"), gateway.publicUri() + "/v1", KEY, 120)));
        }
    }

    private static void check(JsonNode out) {
        JsonNode completion = out.get("completion");
        assertThat(completion.get("usage").get("prompt_tokens").asInt()).isEqualTo(6);
        assertThat(completion.get("finish").asText()).isIn("stop", "length");
        assertThat(out.get("completionStream").get("text").asText()).as("same seed, streamed")
                .isEqualTo(completion.get("text").asText());

        JsonNode chat = out.get("chat");
        assertThat(chat.get("role").asText()).isEqualTo("assistant");
        JsonNode stream = out.get("chatStream");
        assertThat(stream.get("content").asText()).isEqualTo(chat.get("content").asText());
        assertThat(stream.get("finish").asText()).isEqualTo(chat.get("finish").asText());
        assertThat(stream.get("usage")).isEqualTo(chat.get("usage"));
        assertThat(stream.get("chunks").asInt()).isGreaterThanOrEqualTo(3);

        assertThat(out.get("error").get("status").asInt()).isEqualTo(404);
        assertThat(out.get("error").get("code").asText()).isEqualTo("model_not_found");
    }

    private String run(List<String> command, String baseUrl, String apiKey, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false);
        if (baseUrl != null) {
            pb.environment().put("HEARTH_BASE_URL", baseUrl);
        }
        if (apiKey != null) {
            pb.environment().put("HEARTH_API_KEY", apiKey);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " not found: install Node.js and npm (apt-get install -y nodejs npm)", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + err + out).isZero();
        return out;
    }
}
