package dev.hearth.controlplane.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.Json;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.controlplane.load.LoadGenerator;
import dev.hearth.controlplane.load.LoadReport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end remediation tests ask a running local fleet, over its real HTTP APIs: inject a
 * fault, whether the gateway routes to a node, a node's in-flight requests, the audit log; and bounded
 * polling. A failed wait names the fleet's events so far.
 */
final class FleetProbe {
    private final LocalFleet fleet;
    private final List<String> events;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = Json.newMapper();

    FleetProbe(LocalFleet fleet, List<String> events) {
        this.fleet = fleet;
        this.events = events;
    }

    void inject(String node, String fault) throws Exception {
        HttpResponse<String> r = post("/api/faults", "{\"node\":\"" + node + "\",\"fault\":\"" + fault + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    boolean routable(String node) throws Exception {
        return route(node).get("routable").asBoolean();
    }

    /** The gateway's route to {@code node}: its address, whether it is routable, its weight. */
    JsonNode route(String node) throws Exception {
        for (JsonNode route : routes()) {
            if (route.get("node").asText().equals(node)) {
                return route;
            }
        }
        throw new AssertionError("the gateway has no route to " + node);
    }

    /** Every route the gateway has, routable or not. */
    List<JsonNode> routes() throws Exception {
        List<JsonNode> routes = new java.util.ArrayList<>();
        json.readTree(send(HttpRequest.newBuilder(fleet.gatewayAdminUri().resolve("/admin/nodes")).GET()).body())
                .forEach(routes::add);
        return routes;
    }

    /** Completions from the demo households through the gateway, in the background. */
    CompletableFuture<LoadReport> load(double rps, Duration duration) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new LoadGenerator(http, fleet.demoKeys().stream().map(IssuedKey::key).toList())
                        .run(fleet.gatewayUri(), rps, duration, 16);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    List<String> isolatedOf(List<String> nodes) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (String n : nodes) {
            if (!routable(n)) {
                out.add(n);
            }
        }
        return out;
    }

    double inflight(String node) throws Exception {
        URI metrics = fleet.nodeUris().get(node).resolve("/metrics");
        return send(HttpRequest.newBuilder(metrics).GET()).body().lines()
                .filter(l -> l.startsWith("hearth_node_inflight_requests"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    JsonNode auditEntry(String node, String action, String outcome) throws Exception {
        for (JsonNode e : json.readTree(get("/api/audit?limit=1000"))) {
            if (e.get("node").asText().equals(node) && e.get("action").asText().equals(action)
                    && e.get("outcome").asText().equals(outcome)) {
                return e;
            }
        }
        return null;
    }

    /** Audit entries of the node, action and outcome recorded at or after {@code since}. */
    long count(String node, String action, String outcome, Instant since) throws Exception {
        long n = 0;
        for (JsonNode e : json.readTree(get("/api/audit?limit=1000"))) {
            if (e.get("node").asText().equals(node) && e.get("action").asText().equals(action)
                    && e.get("outcome").asText().equals(outcome) && !Instant.parse(e.get("at").asText()).isBefore(since)) {
                n++;
            }
        }
        return n;
    }

    /** The reasons of the matching entries, newest first. */
    List<String> reasons(String node, String action, String outcome) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode e : json.readTree(get("/api/audit?limit=1000"))) {
            if (e.get("node").asText().equals(node) && e.get("action").asText().equals(action)
                    && e.get("outcome").asText().equals(outcome)) {
                out.add(e.get("reason").asText());
            }
        }
        return out;
    }

    String get(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(fleet.adminUri().resolve(path)).GET());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(fleet.adminUri().resolve(path)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + fleet.adminToken().reveal())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls every 50 ms; returns when the condition first held. */
    Instant await(Condition condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.holds()) {
                return Instant.now();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition did not hold within " + timeout + "; events: " + events);
    }

    /** Polls every 50 ms; returns the first value that is there. */
    JsonNode awaitEntry(Lookup lookup, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            JsonNode v = lookup.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no such audit entry within " + timeout + "; events: " + events);
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    @FunctionalInterface
    interface Lookup {
        JsonNode get() throws Exception;
    }
}
