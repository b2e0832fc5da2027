package dev.hearth.collector.redfish;

import dev.hearth.collector.CollectException;

import javax.net.ssl.SSLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request to a BMC and its answer, bounded in time and size, or a {@link CollectException} that
 * says what failed: a timeout (of the request or of the walk), a body over the limit, TLS, the
 * connection. Redirects are not followed here (see {@link RedfishClient}), so the client given must
 * not follow them itself.
 */
final class BmcHttp {
    private final HttpClient http;
    private final RedfishAuth auth;
    private final RedfishLimits limits;

    BmcHttp(HttpClient http, RedfishAuth auth, RedfishLimits limits, URI serviceRoot) {
        this.http = Objects.requireNonNull(http, "http");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.limits = Objects.requireNonNull(limits, "limits");
        if (http.followRedirects() != HttpClient.Redirect.NEVER) {
            throw new IllegalArgumentException("the HttpClient for " + serviceRoot + " follows redirects ("
                    + http.followRedirects() + "); build it with Redirect.NEVER so that redirects to other hosts"
                    + " can be refused");
        }
    }

    RedfishLimits limits() {
        return limits;
    }

    /** A request with the headers every request carries: JSON, OData 4.0 and the credentials. */
    HttpRequest.Builder request(URI url, String sessionToken) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .header("Accept", "application/json")
                .header("OData-Version", "4.0");
        if (auth instanceof RedfishAuth.Basic basic) {
            String pair = basic.user() + ":" + basic.password();
            b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else if (sessionToken != null) {
            b.header("X-Auth-Token", sessionToken);
        }
        return b;
    }

    /**
     * Sends and waits at most {@code wait} for the whole answer, body included: the HttpClient's own
     * request timeout ends at the headers, and a BMC may trickle the body.
     *
     * @param walk the walk the request belongs to, or null (the logout on close)
     */
    HttpResponse<byte[]> send(String method, URI url, HttpRequest request, WalkBudget.Wait wait, WalkBudget walk)
            throws CollectException {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(wait.duration()).build();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(timed, CappedBody.handler(limits.maxBodyBytes()));
        WalkBudget binding = wait.walkDeadline() ? walk : null;
        try {
            return future.get(wait.duration().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut(method, url, binding);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new CollectException(method + " " + url + " was interrupted", e);
        } catch (ExecutionException e) {
            throw failed(method, url, e.getCause(), binding);
        }
    }

    private CollectException timedOut(String method, URI url, WalkBudget walk) {
        return walk != null ? walk.walkTimedOut(method, url)
                : new CollectException(method + " " + url + " did not answer within the request timeout "
                + limits.requestTimeout());
    }

    private CollectException failed(String method, URI url, Throwable cause, WalkBudget walk) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return new CollectException(method + " " + url + " failed: no connection (TCP and TLS handshake)"
                        + " within the HTTP client's connect timeout", cause);
            }
            if (t instanceof HttpTimeoutException) {
                CollectException e = timedOut(method, url, walk);
                e.initCause(cause);
                return e;
            }
            if (t instanceof CappedBody.TooLarge) {
                return new CollectException(method + " " + url + " " + t.getMessage() + "; refused", cause);
            }
            if (t instanceof SSLException) {
                return new CollectException(method + " " + url + " failed the TLS handshake: " + t.getMessage()
                        + " (is it an HTTPS port, and is its certificate trusted by this JVM?)", cause);
            }
        }
        String message = cause.getMessage();
        String type = cause.getClass().getSimpleName();
        // the HTTP client's IOExceptions often carry no message (a refused connection): name the type too
        return new CollectException(method + " " + url + " failed: "
                + (message == null || message.isBlank() ? type : type + ": " + message), cause);
    }
}
