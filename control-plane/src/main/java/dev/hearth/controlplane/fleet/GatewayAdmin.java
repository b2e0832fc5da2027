package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.remediation.ActuationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's admin API as remediation calls it: isolate, restore, add a node's route, set weights.
 * An unreachable or slow gateway is a retryable failure; an answer other than 200 is not (the gateway
 * said no, and saying it again will not help).
 */
public final class GatewayAdmin {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI admin;
    private final HttpClient http;
    private final ObjectMapper json;

    public GatewayAdmin(URI admin, HttpClient http, ObjectMapper json) {
        this.admin = admin;
        this.http = http;
        this.json = json;
    }

    /** Stops ({@code routable} false) or resumes routing to a node the gateway knows. */
    public void setRoutable(String node, boolean routable) throws ActuationException {
        String verb = routable ? "restore" : "isolate";
        send(HttpRequest.newBuilder(uri("/admin/nodes/" + encode(node) + "/" + verb))
                .POST(HttpRequest.BodyPublishers.noBody()), verb + " " + node);
    }

    /** Adds a node's route (or moves it to a new address). */
    public void putRoute(String node, URI api, boolean routable) throws ActuationException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uri", api.toString());
        body.put("routable", routable);
        send(HttpRequest.newBuilder(uri("/admin/nodes/" + encode(node)))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))), "route to " + node + " at " + api);
    }

    /** Sets the weights of the named nodes. */
    public void setWeights(Map<String, Double> weights) throws ActuationException {
        send(HttpRequest.newBuilder(uri("/admin/weights")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(weights))), "set weights " + weights);
    }

    private void send(HttpRequest.Builder request, String what) throws ActuationException {
        HttpRequest r = request.timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ActuationException("gateway refused to " + what + " (" + r.uri() + " → "
                        + response.statusCode() + " " + response.body() + ")", null);
            }
        } catch (IOException e) {
            throw ActuationException.retryable("gateway admin API unreachable at " + r.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActuationException("interrupted while asking the gateway to " + what, e);
        }
    }

    private URI uri(String path) {
        return admin.resolve(path);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String node) {
        return URLEncoder.encode(node, StandardCharsets.UTF_8);
    }
}
