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
 * Each connection sends completions back to back, ignoring {@code Retry-After}, while the flood is on.
 * Standard input steers it: a line {@code on} starts the flood, {@code off} stops it (requests in
 * flight finish); when standard input closes it prints {@code served=N refused=M other=K dropped=D reasons={…}}
 * and exits: other counts HTTP answers that are neither 200 nor 429, dropped counts requests that got
 * no HTTP answer at all. Run at the lowest CPU priority, it stands in for
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
        AtomicBoolean on = new AtomicBoolean(false);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        AtomicInteger dropped = new AtomicInteger(); // no HTTP answer at all: the connection failed
        java.util.Map<String, Integer> reasons = new java.util.concurrent.ConcurrentHashMap<>();
        Thread[] threads = new Thread[connections];
        for (int t = 0; t < connections; t++) {
            threads[t] = new Thread(() -> {
                while (running.get()) {
                    if (!on.get()) {
                        // parked, not polling: an idle flood must not wake up thousands of times a second
                        // and stir the machine B is being measured on
                        synchronized (on) {
                            while (!on.get() && running.get()) {
                                try {
                                    on.wait();
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }
                        continue;
                    }
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
                        if (r.statusCode() != 200 && r.statusCode() != 429) {
                            reasons.merge("HTTP " + r.statusCode(), 1, Integer::sum);
                        }
                    } catch (java.io.IOException e) {
                        dropped.incrementAndGet();
                        reasons.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                    } catch (Exception e) {
                        other.incrementAndGet();
                        reasons.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                    }
                }
            });
            threads[t].start();
        }
        System.out.println("ready");
        System.out.flush();
        java.io.BufferedReader commands = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null) { // runs until the parent closes our standard input
            synchronized (on) {
                on.set(command.strip().equals("on"));
                on.notifyAll();
            }
        }
        synchronized (on) {
            running.set(false);
            on.notifyAll();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        System.out.println("served=" + served.get() + " refused=" + refused.get() + " other=" + other.get()
                + " dropped=" + dropped.get() + " reasons=" + reasons);
    }
}
