package dev.hearth.controlplane.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of Prometheus's HTTP API the live check reads: instant queries, targets and rules. */
final class PrometheusApi implements QueryRunner {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final HttpClient http;
    private final ObjectMapper json;
    private final URI base;

    PrometheusApi(HttpClient http, ObjectMapper json, URI base) {
        this.http = http;
        this.json = json;
        this.base = base;
    }

    /** {@code /api/v1/query} at the current time; a 400 or 422 is Prometheus refusing the expression. */
    @Override
    public QueryOutcome query(String expr) throws InterruptedException {
        // POSTed as a form: a long dashboard expression would not fit a URL everywhere
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/v1/query")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .build();
        JsonNode body;
        int status;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = json.readTree(response.body());
        } catch (IOException e) {
            return QueryOutcome.failed("no answer from " + base + ": " + e, false);
        }
        if (!"success".equals(body.path("status").asText())) {
            String error = body.path("errorType").asText("?") + ": " + body.path("error").asText("HTTP " + status);
            // bad_data: the expression does not parse or type-check; execution errors may pass next time
            return QueryOutcome.failed(error, "bad_data".equals(body.path("errorType").asText()));
        }
        JsonNode data = body.path("data");
        String type = data.path("resultType").asText();
        if (type.equals("scalar") || type.equals("string")) {
            return QueryOutcome.scalarValue();
        }
        List<Map<String, String>> series = new ArrayList<>();
        for (JsonNode s : data.path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            s.path("metric").fields().forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            series.add(labels);
        }
        return QueryOutcome.of(series);
    }

    /** {@code /api/v1/targets}: {@code data.activeTargets[]} with labels, health and lastError. */
    JsonNode targets() throws InterruptedException {
        return get("/api/v1/targets").path("data").path("activeTargets");
    }

    /** {@code /api/v1/rules}: {@code data.groups[]} with each rule's health, lastError and lastEvaluation. */
    JsonNode ruleGroups() throws InterruptedException {
        return get("/api/v1/rules").path("data").path("groups");
    }

    private JsonNode get(String path) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                    .build(), HttpResponse.BodyHandlers.ofString());
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + base.resolve(path) + " failed: " + e.getMessage(), e);
        }
    }
}
