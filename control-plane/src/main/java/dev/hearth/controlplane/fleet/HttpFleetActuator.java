package dev.hearth.controlplane.fleet;

import dev.hearth.model.ActionType;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.PlannedAction;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Isolates and restores nodes through the gateway's admin API. An unreachable or slow gateway is a
 * retryable failure; an answer other than 200 is not (the gateway said no, and saying it again will not help).
 */
public final class HttpFleetActuator implements FleetActuator {
    private final URI gatewayAdmin;
    private final HttpClient http;

    public HttpFleetActuator(URI gatewayAdmin, HttpClient http) {
        this.gatewayAdmin = gatewayAdmin;
        this.http = http;
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (action.type() != ActionType.ISOLATE && action.type() != ActionType.RESTORE) {
            throw new ActuationException("the gateway admin API isolates and restores nodes; it cannot "
                    + action.type().name().toLowerCase(java.util.Locale.ROOT), null);
        }
        String verb = action.type() == ActionType.ISOLATE ? "isolate" : "restore";
        URI uri = gatewayAdmin.resolve("/admin/nodes/" + URLEncoder.encode(action.node(), StandardCharsets.UTF_8)
                + "/" + verb);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new ActuationException("gateway refused to " + verb + " " + action.node() + " (" + uri + " → "
                        + r.statusCode() + " " + r.body() + ")", null);
            }
        } catch (IOException e) {
            throw ActuationException.retryable("gateway admin API unreachable at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActuationException("interrupted while asking the gateway to " + verb + " " + action.node(), e);
        }
    }
}
