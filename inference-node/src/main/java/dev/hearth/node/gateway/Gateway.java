package dev.hearth.node.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fleet's front door: forwards completion requests to routable nodes, moving on to the next node
 * when one fails, so an isolated or dying node costs a retry, not a failed request. The public API
 * and the admin API (isolate, restore, metrics) listen on separate loopback ports.
 *
 * <p>With {@link ApiKeys} other than {@link ApiKeys#NONE}, every {@code /v1/*} request must carry
 * {@code Authorization: Bearer <key>} of a household (401 otherwise), completions are held to the
 * household's concurrency and tokens-per-minute quotas here (429 with {@code Retry-After}), and the
 * nodes learn the household and its weight from headers only the gateway sets.
 */
public final class Gateway implements AutoCloseable {
    /**
     * How long a request over its household's concurrency quota waits for a slot before its 429:
     * long enough to absorb a burst and to pace a client that ignores {@code Retry-After}, short
     * next to a completion's own latency.
     */
    static final Duration SLOT_WAIT = Duration.ofMillis(250);
    /** Quota refusals held back at once (see {@link RefusalPacing}): a fraction of the server's threads. */
    static final int HELD_REFUSALS = 32;
    private final RouteTable routes;
    private final HttpClient http;
    private final PrometheusMeterRegistry registry;
    private final Duration nodeTimeout;
    private final ApiKeys apiKeys;
    private final QuotaGate quotas;
    private final RefusalPacing pacing;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> quotaRejections = new ConcurrentHashMap<>();
    private final Timer duration;
    private Javalin publicServer;
    private Javalin adminServer;

    /** A gateway with open access: no API keys, no quotas. */
    public Gateway(RouteTable routes, HttpClient http, PrometheusMeterRegistry registry, Duration nodeTimeout) {
        this(routes, http, registry, nodeTimeout, ApiKeys.NONE, Clock.systemUTC());
    }

    /**
     * @param apiKeys whose keys open the API; {@link ApiKeys#NONE} for open access
     * @param clock   the time the tokens-per-minute budgets refill by
     */
    public Gateway(RouteTable routes, HttpClient http, PrometheusMeterRegistry registry, Duration nodeTimeout,
                   ApiKeys apiKeys, Clock clock) {
        this.routes = routes;
        this.http = http;
        this.registry = registry;
        this.nodeTimeout = nodeTimeout;
        this.apiKeys = apiKeys;
        this.quotas = new QuotaGate(clock, SLOT_WAIT);
        this.pacing = RefusalPacing.sleeping(SLOT_WAIT, HELD_REFUSALS);
        this.duration = Timer.builder(MetricCatalogue.GATEWAY_REQUEST_DURATION.meterName())
                .description(MetricCatalogue.GATEWAY_REQUEST_DURATION.help())
                .serviceLevelObjectives(InferenceNode.LATENCY_BUCKETS)
                .register(registry);
        Gauge.builder(MetricCatalogue.GATEWAY_ROUTABLE_NODES.meterName(), routes, RouteTable::routableCount)
                .description(MetricCatalogue.GATEWAY_ROUTABLE_NODES.help()).register(registry);
        for (String outcome : List.of("ok", "client_error", "unavailable", "failed", "cancelled")) {
            outcome(outcome);
        }
    }

    /**
     * @param publicPort port of the OpenAI-compatible API (0 for any)
     * @param adminPort  port of the admin API (0 for any)
     */
    public Gateway start(int publicPort, int adminPort) {
        publicServer = HttpServers.startLoopback("gateway", publicPort, r -> {
            r.post("/v1/completions", ctx -> forward(ctx, "/v1/completions", true));
            r.post("/v1/chat/completions", ctx -> forward(ctx, "/v1/chat/completions", true));
            r.get("/v1/models", ctx -> forward(ctx, "/v1/models", false));
            r.get("/health", ctx -> ctx.json(Map.of("status", "ok", "routable_nodes", routes.routableCount())));
            r.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
            r.exception(GatewayRejection.class, (e, ctx) -> {
                if (e.asksForCredentials()) {
                    ctx.header("WWW-Authenticate", "Bearer realm=\"hearth\"");
                }
                if (e.retryAfterSeconds() > 0) {
                    ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
                }
                ctx.status(e.status()).json(e.body());
            });
        });
        adminServer = HttpServers.startLoopback("gateway admin API", adminPort, r -> {
            r.get("/admin/nodes", ctx -> ctx.json(routes.all()));
            r.post("/admin/nodes/{node}/isolate", ctx -> ctx.json(routes.setRoutable(ctx.pathParam("node"), false)));
            r.post("/admin/nodes/{node}/restore", ctx -> ctx.json(routes.setRoutable(ctx.pathParam("node"), true)));
            r.put("/admin/nodes/{node}", ctx -> ctx.json(putRoute(ctx.pathParam("node"), ctx.bodyAsBytes())));
            r.post("/admin/weights", ctx -> ctx.json(routes.setWeights(weights(ctx.bodyAsBytes()))));
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            r.exception(UnknownNodeException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", e.getMessage())));
            r.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400)
                    .json(Map.of("error", e.getMessage())));
        });
        return this;
    }

    /** {@code {"uri": "http://…", "routable": true}}: adds a node (a promoted standby) or moves it. */
    private Route putRoute(String node, byte[] body) {
        JsonNode tree = adminJson(body, "{\"uri\": \"http://127.0.0.1:8080\","
                + " \"routable\": true}");
        JsonNode uri = tree.path("uri");
        if (!uri.isTextual()) {
            throw new IllegalArgumentException("the body names no \"uri\" (a string): send {\"uri\":"
                    + " \"http://127.0.0.1:8080\", \"routable\": true}");
        }
        JsonNode routable = tree.path("routable");
        if (!routable.isMissingNode() && !routable.isBoolean()) {
            throw new IllegalArgumentException("\"routable\" is " + routable + "; give true or false");
        }
        URI address;
        try {
            address = new URI(uri.asText());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the address " + uri.asText() + " of " + node + " is not a URI: "
                    + e.getReason());
        }
        return routes.put(node, address, routable.isMissingNode() || routable.asBoolean());
    }

    /** {@code {"node-1": 1.0, "node-2": 0.4}}: every value a number. */
    private Map<String, Double> weights(byte[] body) {
        JsonNode tree = adminJson(body, "{\"node-1\": 1.0, \"node-2\": 0.4}");
        Map<String, Double> weights = new LinkedHashMap<>();
        tree.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw new IllegalArgumentException("the weight of " + e.getKey() + " is " + e.getValue()
                        + "; give a number above 0 and at most " + Route.MAX_WEIGHT);
            }
            weights.put(e.getKey(), e.getValue().asDouble());
        });
        return weights;
    }

    private JsonNode adminJson(byte[] body, String example) {
        try {
            JsonNode tree = json.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw new IllegalArgumentException("the body is not a JSON object; send e.g. " + example);
            }
            return tree;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON (" + e.getMessage().lines().findFirst()
                    .orElse("") + "); send e.g. " + example);
        }
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

    /**
     * @param charged whether the request counts against its household's quotas (completions do;
     *                listing the models costs nothing worth limiting)
     */
    private void forward(Context ctx, String path, boolean charged) {
        long start = System.nanoTime();
        String outcome = "unavailable";
        QuotaGate.Admission admission = QuotaGate.Admission.NONE;
        try {
            Household household;
            try {
                household = authenticate(ctx);
            } catch (GatewayRejection e) {
                outcome = "client_error";
                throw e;
            }
            List<Route> order = routes.attemptOrder();
            if (order.isEmpty()) {
                throw new ApiException(503, "server_error", null, "no_serving_node",
                        "no node is serving right now; retry in a few seconds");
            }
            byte[] body = body(ctx);
            if (household != null && charged) {
                outcome = "client_error";
                admission = admit(household, body);
            }
            outcome = "failed";
            String lastError = "";
            for (Route route : order) {
                try {
                    HttpResponse<InputStream> response = http.send(
                            request(ctx, route.baseUri().resolve(path), body, household),
                            HttpResponse.BodyHandlers.ofInputStream());
                    if (response.statusCode() < 500) {
                        outcome = response.statusCode() < 400 ? "ok" : "client_error";
                        // a node that is full answers 429 and says when to come back: pass that on
                        response.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
                        ctx.status(response.statusCode())
                                .contentType(response.headers().firstValue("Content-Type").orElse("application/json"))
                                .header("X-Hearth-Node", route.node());
                        if (!relay(response.body(), ctx)) {
                            outcome = "cancelled";
                        }
                        return;
                    }
                    response.body().close();
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
            admission.close();
            outcome(outcome).increment();
            duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Holds the request to its household's quotas, counting a 429 by the quota that refused it. */
    private QuotaGate.Admission admit(Household household, byte[] body) {
        long start = System.nanoTime();
        try {
            return quotas.admit(household, RequestCost.of(body, json));
        } catch (GatewayRejection e) {
            if (e.status() == 429) {
                pacing.hold(System.nanoTime() - start);
            }
            e.quota().ifPresent(quota -> quotaRejections.computeIfAbsent(List.of(household.id(), quota),
                    key -> Counter.builder(MetricCatalogue.GATEWAY_QUOTA_REJECTIONS.meterName())
                            .description(MetricCatalogue.GATEWAY_QUOTA_REJECTIONS.help())
                            .tag("household", household.id()).tag("quota", quota).register(registry))
                    .increment());
            throw e;
        }
    }

    /**
     * The household whose key the request carries; null under open access.
     *
     * @throws GatewayRejection 401 when the key is missing or belongs to no household
     * @throws ApiException     503 when the keys cannot be checked
     */
    private Household authenticate(Context ctx) {
        if (apiKeys == ApiKeys.NONE) {
            return null;
        }
        String key = bearerToken(ctx.header("Authorization"));
        if (key == null) {
            throw GatewayRejection.missingKey();
        }
        Optional<Household> household;
        try {
            household = apiKeys.authenticate(key);
        } catch (RuntimeException e) {
            // the key store is down: the client's key may well be good, so this is ours, not theirs
            throw new ApiException(503, "server_error", null, "authentication_unavailable",
                    "the gateway cannot check API keys right now; retry in a few seconds");
        }
        return household.orElseThrow(GatewayRejection::unknownKey);
    }

    /** The token of {@code Authorization: Bearer <token>} (scheme in any case), or null. */
    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() <= 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = value.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** The request body; one over the server's limit is refused in OpenAI's error shape. */
    private static byte[] body(Context ctx) {
        try {
            return ctx.bodyAsBytes();
        } catch (io.javalin.http.HttpResponseException e) {
            if (e.getStatus() == 413) {
                throw new ApiException(413, "invalid_request_error", null, "request_too_large",
                        "the request body is larger than 1 MB; send a shorter prompt");
            }
            throw e;
        }
    }

    /**
     * Copies a node's answer to the client as it arrives, so streamed completions stream through the
     * gateway. Returns false when the client went away: closing the node's stream then makes the
     * node cancel the generation.
     */
    private static boolean relay(InputStream from, Context ctx) throws IOException {
        try (InputStream in = from) {
            java.io.OutputStream out = ctx.res().getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException clientGone) {
                    return false;
                }
            }
            return true;
        }
    }

    private HttpRequest request(Context ctx, URI uri, byte[] body, Household household) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(nodeTimeout);
        String contentType = ctx.contentType();
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        // Only the headers set here reach a node, so a household header a client sent is dropped:
        // the node trusts these because nobody but the gateway can set them.
        // W3C trace context passes through, so a node's spans join the caller's trace
        for (String trace : List.of("traceparent", "tracestate")) {
            String value = ctx.header(trace);
            if (value != null && value.length() <= 512) {
                b.header(trace, value);
            }
        }
        if (household != null) {
            b.header(InferenceNode.HOUSEHOLD_HEADER, household.id());
            b.header(InferenceNode.WEIGHT_HEADER, Double.toString(household.quota().weight()));
            b.header(InferenceNode.KV_BLOCKS_HEADER, Integer.toString(household.quota().maxKvBlocks()));
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
