package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.server.InferenceNode;
import dev.hearth.remediation.ActuationException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A short greedy completion sent straight to a node, before the gateway routes to it. Every node of a
 * fleet runs the same weights, so a greedy answer is the same everywhere: a node whose answer differs
 * from the fleet's loaded something wrong, and one that cannot answer within the bound is not ready.
 */
public final class Canary {
    /** The household the canary's requests are counted under on the node. */
    public static final String HOUSEHOLD = "canary";
    static final String PROMPT = "Hearth canary: the quick brown fox";
    private static final int MAX_TOKENS = 12;

    private final HttpClient http;
    private final ObjectMapper json;
    private final String model;
    private final Duration timeout;

    public Canary(HttpClient http, ObjectMapper json, String model, Duration timeout) {
        this.http = http;
        this.json = json;
        this.model = model;
        this.timeout = timeout;
    }

    /** The node's greedy answer to the canary prompt. */
    public String ask(String node, URI api) throws ActuationException {
        URI uri = api.resolve("/v1/completions");
        try {
            String body = json.writeValueAsString(Map.of("model", model, "prompt", PROMPT, "max_tokens", MAX_TOKENS,
                    "temperature", 0));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json").header(InferenceNode.HOUSEHOLD_HEADER, HOUSEHOLD)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new ActuationException("canary on " + node + " failed: " + uri + " answered " + r.statusCode()
                        + " " + r.body(), null);
            }
            JsonNode text = json.readTree(r.body()).path("choices").path(0).path("text");
            if (!text.isTextual()) {
                throw new ActuationException("canary on " + node + " failed: " + uri + " answered without"
                        + " choices[0].text: " + r.body(), null);
            }
            return text.asText();
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ActuationException("canary on " + node + " failed: no answer from " + uri + " within "
                    + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ActuationException("canary on " + node + " failed: " + uri + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActuationException("interrupted during the canary on " + node, e);
        }
    }

    /**
     * @return how long the node took to answer
     * @throws ActuationException when the node's answer is not {@code expected}, or it gave none in time
     */
    public Duration verify(String node, URI api, String expected) throws ActuationException {
        long start = System.nanoTime();
        String answer = ask(node, api);
        if (!answer.equals(expected)) {
            throw new ActuationException("canary on " + node + " answered " + quote(answer) + " where the fleet answers "
                    + quote(expected) + ": its weights are not the fleet's; it is not routed", null);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private String quote(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (IOException e) {
            return text;
        }
    }
}
