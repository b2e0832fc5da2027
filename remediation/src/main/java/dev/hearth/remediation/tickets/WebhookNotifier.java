package dev.hearth.remediation.tickets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Objects;

/**
 * POSTs each ticket as JSON to a configured URL (a ticketing system's webhook, a chat bridge). Connection
 * failures, timeouts, 408, 429 and 5xx are retried within the {@link RetryPolicy}; any other answer outside
 * 2xx means the URL or the receiver is misconfigured, so the round stops there.
 */
public final class WebhookNotifier implements TicketNotifier {
    private final URI url;
    private final RetryPolicy policy;
    private final ObjectMapper json;
    private final Pause pause;
    private final HttpClient http;

    /** @param json a mapper that handles {@code java.time} (evidence carries instants) */
    public WebhookNotifier(URI url, RetryPolicy policy, ObjectMapper json, Pause pause) {
        this.url = Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("ticket webhook URL '" + url + "' is not http(s);"
                    + " give e.g. https://tickets.example/hooks/hearth");
        }
        this.policy = Objects.requireNonNull(policy, "policy");
        this.json = Objects.requireNonNull(json, "json");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.http = HttpClient.newBuilder().connectTimeout(policy.attemptTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public WebhookNotifier(URI url, RetryPolicy policy, ObjectMapper json) {
        this(url, policy, json, Pause.sleeping());
    }

    @Override
    public DeliveryReport deliver(Ticket ticket) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(policy.attemptTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload(ticket))).build();
        String error = null;
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            if (attempt > 1) {
                try {
                    pause.pause(policy.backoffAfter(attempt - 1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return DeliveryReport.failed(attempt - 1, error + "; interrupted before the next attempt");
                }
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return DeliveryReport.delivered(attempt);
                }
                error = "HTTP " + status + " from " + url + ": " + abbreviate(response.body());
                if (!retryable(status)) {
                    return DeliveryReport.failed(attempt, error + " (not retried: check the ticket webhook URL"
                            + " and what the receiver expects)");
                }
            } catch (HttpTimeoutException e) {
                error = "no answer from " + url + " within " + policy.attemptTimeout().toMillis() + " ms";
            } catch (IOException e) {
                error = "cannot reach " + url + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeliveryReport.failed(attempt, "interrupted while sending to " + url);
            }
        }
        return DeliveryReport.failed(policy.maxAttempts(), error);
    }

    /** The JSON the webhook receives; its field names are the contract with the receiver. */
    String payload(Ticket ticket) {
        ObjectNode body = json.createObjectNode();
        body.put("id", ticket.id());
        body.put("node", ticket.node());
        body.put("work", ticket.isReplacement() ? "replacement" : "repair");
        body.put("faultKind", ticket.faultKind());
        body.put("findingKind", ticket.findingKind());
        body.put("severity", ticket.severity().name());
        body.put("openedAt", ticket.openedAt().toString());
        body.put("state", ticket.state().name().toLowerCase(Locale.ROOT));
        body.put("summary", ticket.summary());
        body.set("evidence", json.valueToTree(ticket.evidence()));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ticket #" + ticket.id() + " cannot be written as JSON", e);
        }
    }

    private static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
