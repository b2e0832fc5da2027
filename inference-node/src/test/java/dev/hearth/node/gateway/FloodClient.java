package dev.hearth.node.gateway;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A household's client flooding the gateway, run as its own process: {@code URL KEY CONNECTIONS}.
 * Each connection sends completions back to back, ignoring {@code Retry-After}, until standard input
 * closes; then it prints {@code served=N refused=M}. Run at the lowest CPU priority, it stands in for
 * a client on the household's own machine: its load on the gateway is real, its own work is not the
 * gateway's.
 */
public final class FloodClient {
    private FloodClient() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]).resolve("/v1/completions");
        String key = args[1];
        int connections = Integer.parseInt(args[2]);
        HttpClient client = HttpClient.newHttpClient();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        Thread[] threads = new Thread[connections];
        for (int t = 0; t < connections; t++) {
            threads[t] = new Thread(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"prompt\":\"flood the fleet\",\"max_tokens\":24,\"seed\":1}")).build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream body = r.body()) {
                            body.readAllBytes();
                        }
                        (r.statusCode() == 200 ? served : r.statusCode() == 429 ? refused : other).incrementAndGet();
                    } catch (Exception e) {
                        other.incrementAndGet();
                    }
                }
            });
            threads[t].start();
        }
        System.out.println("flooding");
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the parent closes our standard input
        }
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
        System.out.println("served=" + served.get() + " refused=" + refused.get() + " other=" + other.get());
    }
}
