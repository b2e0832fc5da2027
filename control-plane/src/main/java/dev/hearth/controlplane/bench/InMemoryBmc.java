package dev.hearth.controlplane.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * An {@link HttpClient} that answers from a Redfish tree held in memory instead of the network, so the
 * parse bench times what the walker does with the JSON (parsing, following links, normalising
 * readings) and not a socket. The tree is {@code bench/redfish/gpu-node} on the class path: like the DMTF
 * mockups, each folder is a URL path below {@code /redfish/v1} holding that resource as {@code index.json}.
 */
final class InMemoryBmc extends HttpClient {
    static final URI SERVICE_ROOT = URI.create("http://bmc.bench.invalid/redfish/v1");
    private static final String TREE = "bench/redfish/gpu-node/";
    private static final List<String> RESOURCES = List.of("", "Chassis", "Chassis/Main", "Chassis/Main/Thermal",
            "Chassis/Main/Power", "Systems", "Systems/Node", "Systems/Node/Processors",
            "Systems/Node/Processors/CPU", "Systems/Node/Processors/GPU0");
    private static final HttpHeaders JSON = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")),
            (name, value) -> true);
    private static final byte[] NOT_FOUND = "{\"error\": {\"code\": \"Base.1.0.ResourceMissingAtURI\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private final Map<String, byte[]> bodies = new HashMap<>();
    private long bytesServed;

    InMemoryBmc() {
        ClassLoader loader = InMemoryBmc.class.getClassLoader();
        for (String path : RESOURCES) {
            String name = TREE + (path.isEmpty() ? "" : path + "/") + "index.json";
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("bench resource " + name + " is missing from the class path");
                }
                bodies.put(SERVICE_ROOT.getPath() + (path.isEmpty() ? "" : "/" + path), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bench resource " + name, e);
            }
        }
    }

    /** Body bytes answered so far. */
    long bytesServed() {
        return bytesServed;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        String path = request.uri().getPath();
        byte[] body = bodies.get(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        int status = body == null ? 404 : 200;
        byte[] answer = body == null ? NOT_FOUND : body;
        bytesServed += answer.length;
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new Info(status));
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // everything is delivered at once below
            }

            @Override
            public void cancel() {
                // nothing is in flight
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(answer)));
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture()
                .thenApply(value -> new Response<>(request, status, value));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushes) {
        return sendAsync(request, handler);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return sendAsync(request, handler).join();
    }

    @Override
    public Redirect followRedirects() {
        return Redirect.NEVER; // as the walker requires: it follows redirects itself
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return Optional.empty();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return Optional.empty();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return Optional.empty();
    }

    @Override
    public SSLContext sslContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    @Override
    public SSLParameters sslParameters() {
        return new SSLParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return Optional.empty();
    }

    @Override
    public Version version() {
        return Version.HTTP_1_1;
    }

    @Override
    public Optional<Executor> executor() {
        return Optional.empty();
    }

    private record Info(int statusCode) implements HttpResponse.ResponseInfo {
        @Override
        public HttpHeaders headers() {
            return JSON;
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }

    private record Response<T>(HttpRequest request, int statusCode, T body) implements HttpResponse<T> {
        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return JSON;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public Version version() {
            return Version.HTTP_1_1;
        }
    }
}
