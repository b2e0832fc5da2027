package dev.hearth.node.gateway;

import dev.hearth.node.server.ApiError;

import java.util.Optional;

/**
 * A request the gateway answers itself, before any node sees it: no or an unknown API key, or a
 * household over one of its quotas. Carries the headers that go with the status (a 401 names the
 * auth scheme, a 429 says when to retry) and an OpenAI-shaped body. Messages never contain the key.
 */
final class GatewayRejection extends RuntimeException {
    private static final String KEY_HINT = "send the household's key as 'Authorization: Bearer hh-…'"
            + " (./hearth households list shows the keys of a local fleet)";

    private final int status;
    private final long retryAfterSeconds;
    private final String type;
    private final String param;
    private final String code;
    /** The quota a 429 enforces, as the rejection counter names it; null for every other refusal. */
    private final String quota;

    private GatewayRejection(int status, long retryAfterSeconds, String type, String param, String code,
                             String message) {
        this(status, retryAfterSeconds, type, param, code, null, message);
    }

    private GatewayRejection(int status, long retryAfterSeconds, String type, String param, String code,
                             String quota, String message) {
        super(message, null, false, false); // a client-facing answer, not a fault: no stack trace to pay for
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.type = type;
        this.param = param;
        this.code = code;
        this.quota = quota;
    }

    static GatewayRejection missingKey() {
        return new GatewayRejection(401, 0, "invalid_request_error", null, "invalid_api_key",
                "no API key was sent: " + KEY_HINT);
    }

    static GatewayRejection unknownKey() {
        return new GatewayRejection(401, 0, "invalid_request_error", null, "invalid_api_key",
                "the API key is not valid for this fleet (was it copied whole?): " + KEY_HINT);
    }

    /** One more would exceed the household's concurrent requests; a slot frees as soon as one finishes. */
    static GatewayRejection tooManyInFlight(Household h) {
        return new GatewayRejection(429, 1, "requests", null, "rate_limit_exceeded", "concurrency",
                "household '" + h.name() + "' already has " + h.quota().maxConcurrent()
                        + " requests in flight, its max_concurrent quota; retry when one of them has finished");
    }

    static GatewayRejection tokensPerMinute(Household h, long cost, long retryAfterSeconds) {
        return new GatewayRejection(429, retryAfterSeconds, "tokens", null, "rate_limit_exceeded",
                "tokens_per_minute", "household '" + h.name() + "' has used its tokens_per_minute quota of "
                        + h.quota().tokensPerMinute() + " (a request counts max_tokens plus its prompt's bytes; this one "
                        + cost + "); retry in " + retryAfterSeconds + " s");
    }

    /** More than the whole budget: no wait would ever admit it, so it is the request that must change. */
    static GatewayRejection largerThanBudget(Household h, long cost) {
        return new GatewayRejection(400, 0, "invalid_request_error", "max_tokens", "request_too_large",
                "this request counts " + cost + " tokens (max_tokens plus its prompt's bytes), more than household '"
                        + h.name() + "''s whole tokens_per_minute quota of " + h.quota().tokensPerMinute()
                        + "; lower max_tokens or shorten the prompt");
    }

    int status() {
        return status;
    }

    /** Seconds for the {@code Retry-After} header; 0 when the status takes none. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The quota this 429 enforces: {@code concurrency} or {@code tokens_per_minute}; empty for a refusal
     * that is no quota's (a missing key, a request larger than the whole budget).
     */
    Optional<String> quota() {
        return Optional.ofNullable(quota);
    }

    boolean asksForCredentials() {
        return status == 401;
    }

    ApiError body() {
        return new ApiError(new ApiError.Detail(getMessage(), type, param, code));
    }
}
