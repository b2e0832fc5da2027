package dev.hearth.remediation.tickets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 that receives ticket webhooks. It answers each POST with the next scripted
 * answer, then 200 once the script runs out, and keeps every body it received.
 */
final class LoopbackWebhook implements AutoCloseable {
    enum Answer { OK, UNAVAILABLE, NOT_FOUND, HANG }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> bodies = new ArrayList<>();
    /** Released on close, so hanging handlers end with the test. */
    private final CountDownLatch released = new CountDownLatch(1);

    LoopbackWebhook() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hooks/tickets", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/tickets");
    }

    synchronized LoopbackWebhook answering(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Answer answer;
        synchronized (this) {
            bodies.add(body);
            answer = script.isEmpty() ? Answer.OK : script.removeFirst();
        }
        switch (answer) {
            case OK -> respond(exchange, 200, "{\"accepted\":true}");
            case UNAVAILABLE -> respond(exchange, 503, "ticket system is restarting");
            case NOT_FOUND -> respond(exchange, 404, "no such hook");
            case HANG -> {
                try {
                    released.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
