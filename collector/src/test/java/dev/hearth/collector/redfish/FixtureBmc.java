package dev.hearth.collector.redfish;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A BMC for tests: the JDK's HTTP server on 127.0.0.1 serving Redfish documents by URL path, exactly as
 * stored (a trailing slash is ignored, as Redfish does). Documents come from a DMTF-style mockup folder
 * (each resource is {@code <url path below /redfish/v1>/index.json}) or are given one by one. On top:
 * Basic or session authentication as a BMC does it, and misbehaviour on chosen paths (hang, delay,
 * redirect, endless body, any status).
 */
final class FixtureBmc implements AutoCloseable {
    static final String ROOT = "/redfish/v1";
    static final String SESSIONS = ROOT + "/SessionService/Sessions";

    static {
        // without TCP_NODELAY each small answer waits out the client's delayed ACK (~40 ms on Linux);
        // read once, when the JDK's server first starts
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** What the BMC answers on one path instead of its document. */
    @FunctionalInterface
    interface Reply {
        void send(HttpExchange exchange) throws IOException;
    }

    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> sessions = new ConcurrentHashMap<>();
    private final List<String> deletedSessions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fixture-bmc");
        t.setDaemon(true);
        return t;
    });
    private final HttpServer server;
    private volatile String basic;
    private volatile String sessionUser;
    private volatile String sessionPassword;
    private volatile Duration delay = Duration.ZERO;

    private FixtureBmc(Map<String, byte[]> docs) {
        docs.forEach((path, body) -> documents.put(normalise(path), body));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code documents} (URL path → body). */
    static FixtureBmc serving(Map<String, byte[]> documents) {
        return new FixtureBmc(documents);
    }

    /** Serves a DMTF-style mockup folder: {@code folder} is /redfish/v1, each resource its index.json. */
    static FixtureBmc mockup(Path folder) {
        Map<String, byte[]> docs = new ConcurrentHashMap<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().equals("index.json"))::iterator) {
                String relative = folder.relativize(file.getParent()).toString().replace('\\', '/');
                docs.put(relative.isEmpty() ? ROOT : ROOT + "/" + relative, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FixtureBmc(docs);
    }

    /** Serves a tree from the test resources, e.g. {@code redfish/gpu-node}. */
    static FixtureBmc testTree(String name) {
        try {
            return mockup(Path.of(FixtureBmc.class.getClassLoader().getResource(name).toURI()));
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource folder " + name + " is missing", e);
        }
    }

    URI serviceRoot() {
        return url(ROOT);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    int port() {
        return server.getAddress().getPort();
    }

    FixtureBmc document(String path, String body) {
        documents.put(normalise(path), body.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    FixtureBmc reply(String path, Reply reply) {
        replies.put(normalise(path), reply);
        return this;
    }

    /** Never answers {@code path} (until the BMC is closed). */
    FixtureBmc hang(String path) {
        return reply(path, exchange -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
    }

    FixtureBmc redirect(String path, int status, String location) {
        return reply(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    /** Answers every request after {@code d}, as a slow BMC does. */
    FixtureBmc delay(Duration d) {
        delay = d;
        return this;
    }

    FixtureBmc requireBasic(String user, String password) {
        basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    FixtureBmc requireSession(String user, String password) {
        sessionUser = user;
        sessionPassword = password;
        return this;
    }

    /** Forgets every session, as a BMC does when they time out or it restarts. */
    void expireSessions() {
        sessions.clear();
    }

    Set<String> openSessions() {
        return Set.copyOf(sessions.values());
    }

    List<String> deletedSessions() {
        return List.copyOf(deletedSessions);
    }

    /** "METHOD path [token]" of each request, in order. */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = normalise(exchange.getRequestURI().getRawPath());
        String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
        requests.add(exchange.getRequestMethod() + " " + path + (token == null ? "" : " " + token));
        if (!delay.isZero()) {
            sleep(delay);
        }
        if (!authorised(exchange, path)) {
            send(exchange, 401, "{\"error\":{\"code\":\"Base.1.0.NoValidSession\"}}");
            return;
        }
        if (path.equals(SESSIONS) && exchange.getRequestMethod().equals("POST")) {
            login(exchange);
            return;
        }
        if (exchange.getRequestMethod().equals("DELETE") && sessions.containsKey(path)) {
            deletedSessions.add(path);
            sessions.remove(path);
            send(exchange, 204, null);
            return;
        }
        Reply reply = replies.get(path);
        if (reply != null) {
            reply.send(exchange);
            return;
        }
        byte[] body = documents.get(path);
        if (body == null) {
            send(exchange, 404, "{\"error\":{\"code\":\"Base.1.0.ResourceMissingAtURI\"}}");
        } else {
            exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The service root is open to all, as the specification requires; everything else needs credentials. */
    private boolean authorised(HttpExchange exchange, String path) {
        if (path.equals(ROOT)) {
            return true;
        }
        if (basic != null) {
            return basic.equals(exchange.getRequestHeaders().getFirst("Authorization"));
        }
        if (sessionUser != null) {
            if (path.equals(SESSIONS) && exchange.getRequestMethod().equals("POST")) {
                return true;
            }
            String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
            return token != null && sessions.containsValue(token);
        }
        return true;
    }

    private void login(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (sessionUser == null || !body.contains("\"UserName\":\"" + sessionUser + "\"")
                || !body.contains("\"Password\":\"" + sessionPassword + "\"")) {
            send(exchange, 401, "{\"error\":{\"code\":\"Base.1.0.InsufficientPrivilege\"}}");
            return;
        }
        int id = sessionIds.incrementAndGet();
        String token = "token-" + id;
        String location = SESSIONS + "/" + id;
        sessions.put(location, token);
        exchange.getResponseHeaders().add("X-Auth-Token", token);
        exchange.getResponseHeaders().add("Location", location);
        send(exchange, 201, "{\"@odata.id\":\"" + location + "\",\"Id\":\"" + id + "\",\"UserName\":\"" + sessionUser + "\"}");
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void sleep(Duration d) {
        try {
            released.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
