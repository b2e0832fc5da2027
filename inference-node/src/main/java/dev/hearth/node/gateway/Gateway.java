package dev.hearth.node.gateway;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.node.http.HttpServers;
import dev.hearth.node.server.ApiException;
import dev.hearth.node.server.InferenceNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's front door: forwards completion requests to routable nodes, moving on to the next node
 * when one fails, so an isolated or dying node costs a retry, not a failed request. The public API
 * and the admin API (isolate, restore, metrics) listen on separate loopback ports.
 */
public final class Gateway implements AutoCloseable {
    private final RouteTable routes;
    private final HttpClient http;
    private final PrometheusMeterRegistry registry;
    private final Duration nodeTimeout;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Timer duration;
    private Javalin publicServer;
    private Javalin adminServer;

    public Gateway(RouteTable routes, HttpClient http, PrometheusMeterRegistry registry, Duration nodeTimeout) {
        this.routes = routes;
        this.http = http;
        this.registry = registry;
        this.nodeTimeout = nodeTimeout;
        this.duration = Timer.builder(MetricCatalogue.GATEWAY_REQUEST_DURATION.meterName())
                .description(MetricCatalogue.GATEWAY_REQUEST_DURATION.help())
                .serviceLevelObjectives(InferenceNode.LATENCY_BUCKETS)
                .register(registry);
        Gauge.builder(MetricCatalogue.GATEWAY_ROUTABLE_NODES.meterName(), routes, RouteTable::routableCount)
                .description(MetricCatalogue.GATEWAY_ROUTABLE_NODES.help()).register(registry);
        for (String outcome : List.of("ok", "client_error", "unavailable", "failed")) {
            outcome(outcome);
        }
    }

    /**
     * @param publicPort port of the OpenAI-compatible API (0 for any)
     * @param adminPort  port of the admin API (0 for any)
     */
    public Gateway start(int publicPort, int adminPort) {
        publicServer = HttpServers.startLoopback("gateway", publicPort, r -> {
            r.post("/v1/completions", ctx -> forward(ctx, "/v1/completions"));
            r.get("/v1/models", ctx -> forward(ctx, "/v1/models"));
            r.get("/health", ctx -> ctx.json(Map.of("status", "ok", "routable_nodes", routes.routableCount())));
            r.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        });
        adminServer = HttpServers.startLoopback("gateway admin API", adminPort, r -> {
            r.get("/admin/nodes", ctx -> ctx.json(routes.all()));
            r.post("/admin/nodes/{node}/isolate", ctx -> ctx.json(routes.setRoutable(ctx.pathParam("node"), false)));
            r.post("/admin/nodes/{node}/restore", ctx -> ctx.json(routes.setRoutable(ctx.pathParam("node"), true)));
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            r.exception(UnknownNodeException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", e.getMessage())));
        });
        return this;
    }

    public URI publicUri() {
        return URI.create("http://" + HttpServers.LOOPBACK + ":" + publicServer.port());
    }

    public URI adminUri() {
        return URI.create("http://" + HttpServers.LOOPBACK + ":" + adminServer.port());
    }

    /** Requests answered so far with this outcome (ok, client_error, unavailable, failed). */
    public long requests(String outcome) {
        return (long) outcome(outcome).count();
    }

    private void forward(Context ctx, String path) {
        long start = System.nanoTime();
        String outcome = "failed";
        try {
            List<Route> order = routes.attemptOrder();
            if (order.isEmpty()) {
                outcome = "unavailable";
                throw new ApiException(503, "server_error", null, "no_serving_node",
                        "no node is serving right now; retry in a few seconds");
            }
            byte[] body = ctx.bodyAsBytes();
            String lastError = "";
            for (Route route : order) {
                try {
                    HttpResponse<byte[]> response = http.send(request(ctx, route.baseUri().resolve(path), body),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (response.statusCode() < 500) {
                        outcome = response.statusCode() < 400 ? "ok" : "client_error";
                        ctx.status(response.statusCode())
                                .contentType(response.headers().firstValue("Content-Type").orElse("application/json"))
                                .header("X-Hearth-Node", route.node())
                                .result(response.body());
                        return;
                    }
                    lastError = route.node() + " answered " + response.statusCode();
                } catch (IOException e) {
                    lastError = route.node() + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ApiException(503, "server_error", null, null, "the gateway is shutting down");
                }
                retries.computeIfAbsent(route.node(), n -> Counter.builder(MetricCatalogue.GATEWAY_RETRIES.meterName())
                        .description(MetricCatalogue.GATEWAY_RETRIES.help()).tag("node", n).register(registry))
                        .increment();
            }
            throw new ApiException(502, "server_error", null, "all_nodes_failed",
                    "every serving node failed this request (last: " + lastError + "); retry shortly");
        } finally {
            outcome(outcome).increment();
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private HttpRequest request(Context ctx, URI uri, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(nodeTimeout);
        String contentType = ctx.contentType();
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return "GET".equals(ctx.method().name())
                ? b.GET().build()
                : b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private Counter outcome(String outcome) {
        return outcomes.computeIfAbsent(outcome, o -> Counter.builder(MetricCatalogue.GATEWAY_REQUESTS.meterName())
                .description(MetricCatalogue.GATEWAY_REQUESTS.help()).tag("outcome", o).register(registry));
    }

    @Override
    public void close() {
        if (publicServer != null) {
            publicServer.stop();
        }
        if (adminServer != null) {
            adminServer.stop();
        }
    }
}
