package dev.hearth.node.gateway;

import dev.hearth.node.http.HttpServers;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Test double of an inference node on loopback: records the headers of every request it receives,
 * answers a small completion, and can hold requests open until the test lets them go, so that a
 * test controls exactly how many are in flight.
 */
final class NodeDouble implements AutoCloseable {
    private final List<Map<String, String>> received = new ArrayList<>();
    private final Semaphore arrived = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile String heldHousehold;
    private final Javalin server;

    NodeDouble() {
        server = HttpServers.startLoopback("node double", 0, r -> {
            r.post("/v1/completions", this::answer);
            r.get("/v1/models", this::answer);
        });
    }

    URI baseUri() {
        return URI.create("http://" + HttpServers.LOOPBACK + ":" + server.port());
    }

    /** From now on the household's requests wait until {@link #release()}; others are answered at once. */
    void hold(String householdId) {
        heldHousehold = householdId;
        gate = new CountDownLatch(1);
    }

    void release() {
        gate.countDown();
    }

    /** Waits until {@code n} more requests have arrived. */
    boolean awaitArrivals(int n) throws InterruptedException {
        return arrived.tryAcquire(n, 10, TimeUnit.SECONDS);
    }

    synchronized List<Map<String, String>> received() {
        return List.copyOf(received);
    }

    private void answer(Context ctx) throws InterruptedException {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(ctx.headerMap());
        synchronized (this) {
            received.add(headers);
        }
        arrived.release();
        if (heldHousehold != null && heldHousehold.equals(headers.get("X-Hearth-Household"))) {
            gate.await(10, TimeUnit.SECONDS);
        }
        ctx.contentType("application/json").result("{\"object\":\"text_completion\",\"choices\":[{\"text\":\"ok\"}]}");
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop();
    }
}
