package dev.hearth.controlplane.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import dev.hearth.controlplane.admin.AdminToken;

/** The subcommands' way to a running fleet: its admin API. */
public final class AdminClient {
    private final URI admin;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Supplier<Optional<AdminToken>> token;

    /** @param token read only for calls that change the fleet, so read-only commands work without it */
    public AdminClient(URI admin, HttpClient http, ObjectMapper json, Supplier<Optional<AdminToken>> token) {
        this.admin = admin;
        this.http = http;
        this.json = json;
        this.token = token;
    }

    public <T> T get(String path, Class<T> type) {
        return json.convertValue(send(HttpRequest.newBuilder(admin.resolve(path)).GET()), type);
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(admin.resolve(path)).GET());
    }

    public JsonNode post(String path, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(admin.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
            token.get().ifPresent(t -> request.header("Authorization", "Bearer " + t.reveal()));
            return send(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request body", e);
        }
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new UserError("no Hearth fleet answers at " + admin + ": start one with ./hearth up, "
                    + "or pass --admin-url with the address it printed");
        } catch (IOException e) {
            throw new UserError("the fleet's admin API at " + admin + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            throw new UserError(admin + " did not answer like a Hearth admin API (HTTP " + response.statusCode() + ")");
        }
        // 200, or 201 for what a POST created
        if (response.statusCode() / 100 != 2) {
            throw new UserError(body.path("error").asText("HTTP " + response.statusCode() + " from " + admin));
        }
        return body;
    }
}
