package dev.hearth.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.StoreUnavailableException;
import dev.hearth.controlplane.households.HouseholdExistsException;
import dev.hearth.controlplane.households.HouseholdStoreException;
import dev.hearth.node.gateway.UnknownNodeException;
import dev.hearth.node.http.HttpServers;
import dev.hearth.remediation.ApprovalRefusedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane's admin HTTP API, on loopback only: status, fault injection, audit log,
 * households, rules and their firings, remediation approvals and the breaker, metrics (the control plane's
 * own at {@code /metrics}, the collected hardware readings at {@code /metrics/readings}). The
 * {@code ./hearth} subcommands other than {@code up} are its clients. Every call that changes something
 * needs the admin token as {@code Authorization: Bearer}; reads do not (the API listens on loopback only).
 */
public final class AdminApi implements AutoCloseable {
    public static final String SERVER_NAME = "admin API";
    /** Household API keys start so (see the households package); they are refused here by name. */
    private static final String HOUSEHOLD_KEY_PREFIX = "hh-";
    private final FleetControl fleet;
    private final ObjectMapper json;
    private final AdminToken token;
    private Javalin server;

    public AdminApi(FleetControl fleet, ObjectMapper json, AdminToken token) {
        this.fleet = fleet;
        this.json = json;
        this.token = token;
    }

    public AdminApi start(int port) {
        server = HttpServers.startLoopback(SERVER_NAME, port, r -> {
            r.get("/api/status", ctx -> send(ctx, 200, fleet.status()));
            r.post("/api/faults", admin(this::inject));
            r.get("/api/audit", this::audit);
            r.get("/api/rules", ctx -> send(ctx, 200, fleet.rules()));
            r.get("/api/rules/firings", this::firings);
            r.get("/api/households", ctx -> send(ctx, 200, fleet.households()));
            r.get("/api/placement", ctx -> {
                var placement = fleet.placement();
                if (placement.isPresent()) {
                    send(ctx, 200, placement.get());
                } else {
                    error(ctx, 404, "this fleet runs the whole model on every node: no placement (start it with"
                            + " ./hearth up --stages N to split the model)");
                }
            });
            r.post("/api/households", admin(this::addHousehold));
            r.get("/api/actions/pending", ctx -> send(ctx, 200, fleet.pendingActions()));
            r.post("/api/actions/{id}/approve", admin(ctx -> send(ctx, 200, fleet.approve(ctx.pathParam("id")))));
            r.post("/api/actions/{id}/reject", admin(ctx -> send(ctx, 200, fleet.reject(ctx.pathParam("id")))));
            r.get("/api/breaker", ctx -> send(ctx, 200, fleet.breaker()));
            r.post("/api/breaker/reset", admin(ctx -> send(ctx, 200, fleet.resetBreaker())));
            r.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(fleet.metrics()));
            r.get("/metrics/readings", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(fleet.readings()));
            r.exception(UnknownNodeException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
            r.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
            r.exception(HouseholdExistsException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
            r.exception(HouseholdStoreException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
            r.exception(UnsupportedOperationException.class, (e, ctx) -> error(ctx, 501, e.getMessage()));
            r.exception(StoreUnavailableException.class, (e, ctx) -> error(ctx, 503, e.getMessage()));
            r.exception(ApprovalRefusedException.class, (e, ctx) -> error(ctx, switch (e.kind()) {
                case UNKNOWN -> 404;
                case EXPIRED -> 410;
                case DECIDED -> 409;
            }, e.getMessage()));
        });
        return this;
    }

    public URI uri() {
        return URI.create("http://" + HttpServers.LOOPBACK + ":" + server.port());
    }

    /**
     * Runs {@code handler} only for a caller holding the admin token: 401 without one, 403 for a
     * household key or a wrong token. The header's value is never echoed or logged.
     */
    private Handler admin(Handler handler) {
        return ctx -> {
            String header = ctx.header("Authorization");
            if (header == null || header.isBlank()) {
                error(ctx, 401, "this call changes the fleet and needs the admin token: send 'Authorization: Bearer"
                        + " <token>' (./hearth up prints it and writes it to <data-dir>/" + AdminToken.FILE_NAME
                        + "; the CLI reads it from there or from $" + AdminToken.ENV + ")");
                return;
            }
            String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : "";
            if (presented.startsWith(HOUSEHOLD_KEY_PREFIX)) {
                error(ctx, 403, "a household API key cannot change the fleet: it is for the gateway's /v1 API;"
                        + " admin calls need the admin token from <data-dir>/" + AdminToken.FILE_NAME);
                return;
            }
            if (!token.matches(presented)) {
                error(ctx, 403, "the bearer token is not this fleet's admin token (each ./hearth up makes a new one,"
                        + " in <data-dir>/" + AdminToken.FILE_NAME + ")");
                return;
            }
            handler.handle(ctx);
        };
    }

    private void inject(Context ctx) throws IOException {
        FaultRequest request;
        try {
            request = json.readValue(ctx.bodyAsBytes(), FaultRequest.class);
        } catch (IOException e) {
            error(ctx, 400, "the body must be JSON like {\"node\": \"node-2\", \"fault\": \"overheat\"}");
            return;
        }
        if (request == null || request.node() == null || request.fault() == null) {
            error(ctx, 400, "both 'node' and 'fault' are required, e.g. {\"node\": \"node-2\", \"fault\": \"overheat\"}");
            return;
        }
        send(ctx, 200, fleet.inject(request.node(), request.fault()));
    }

    /** 201 with the household and its key, which no later answer repeats. */
    private void addHousehold(Context ctx) throws IOException {
        JsonNode body;
        try {
            body = json.readTree(ctx.bodyAsBytes());
        } catch (IOException e) {
            error(ctx, 400, "the body must be JSON like " + HouseholdRequest.EXAMPLE);
            return;
        }
        HouseholdRequest request = HouseholdRequest.parse(body);
        send(ctx, 201, fleet.addHousehold(request.name(), request.quota()));
    }

    private void audit(Context ctx) throws IOException {
        int n = limit(ctx);
        if (n > 0) {
            send(ctx, 200, fleet.audit(n));
        }
    }

    private void firings(Context ctx) throws IOException {
        int n = limit(ctx);
        if (n < 1) {
            return;
        }
        String rule = ctx.queryParam("rule");
        if (rule != null && rule.isBlank()) {
            error(ctx, 400, "rule must name a rule, e.g. ?rule=GPU%20over%20temperature%20for%2030%20s");
            return;
        }
        send(ctx, 200, fleet.firings(n, Optional.ofNullable(rule)));
    }

    /** The {@code limit} query parameter, 20 when absent; -1 after answering 400 when it is not 1 to 1000. */
    private int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        int n;
        try {
            n = limit == null ? 20 : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1000) {
            error(ctx, 400, "limit '" + limit + "' must be a whole number from 1 to 1000");
            return -1;
        }
        return n;
    }

    private void send(Context ctx, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    }

    private void error(Context ctx, int status, String message) {
        try {
            send(ctx, status, Map.of("error", message));
        } catch (IOException e) {
            ctx.status(500).result("cannot write the error: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
