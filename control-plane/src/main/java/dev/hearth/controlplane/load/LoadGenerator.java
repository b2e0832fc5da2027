package dev.hearth.controlplane.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends completion requests to the gateway at a fixed rate (open loop: a slow answer does not slow
 * the senders down, as real households would not wait for each other) and reports what came back.
 * With API keys, request n goes out as the household of key n mod (number of keys), so the load is
 * spread over the households' quotas as many households' traffic would be.
 */
public final class LoadGenerator {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient http;
    private final List<String> apiKeys;

    /** Without API keys: for a gateway with open access. */
    public LoadGenerator(HttpClient http) {
        this(http, List.of());
    }

    /** @param apiKeys households' keys to take turns with; empty sends none */
    public LoadGenerator(HttpClient http, List<String> apiKeys) {
        this.http = http;
        this.apiKeys = List.copyOf(apiKeys);
    }

    /**
     * @param gateway the gateway's base URL, e.g. {@code http://127.0.0.1:7701}
     */
    public LoadReport run(URI gateway, double rps, Duration duration, int maxTokens) throws InterruptedException {
        if (!(rps > 0 && rps <= 10_000)) {
            throw new IllegalArgumentException("--rps " + rps + " must be above 0 and at most 10000");
        }
        URI completions = gateway.resolve("/v1/completions");
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long period = Math.max(1, (long) (1e9 / rps));
        long total = Math.max(1, (long) Math.floor(rps * duration.toNanos() / 1e9));
        try {
            ticker.scheduleAtFixedRate(() -> {
                long n = sent.getAndIncrement();
                if (n >= total) {
                    return;
                }
                long start = System.nanoTime();
                HttpRequest.Builder builder = HttpRequest.newBuilder(completions).timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body(n, maxTokens)));
                if (!apiKeys.isEmpty()) {
                    builder.header("Authorization", "Bearer " + apiKeys.get((int) (n % apiKeys.size())));
                }
                HttpRequest request = builder.build();
                CompletableFuture<?> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                        .whenComplete((response, error) -> {
                            if (error == null && response.statusCode() == 200) {
                                latencies.add(System.nanoTime() - start);
                                servedBy.computeIfAbsent(response.headers().firstValue("X-Hearth-Node").orElse("?"),
                                        k -> new AtomicLong()).incrementAndGet();
                            } else {
                                String reason = error != null ? error.getClass().getSimpleName()
                                        : "HTTP " + response.statusCode();
                                failures.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
                            }
                        });
                synchronized (inFlight) {
                    inFlight.add(f);
                }
            }, 0, period, TimeUnit.NANOSECONDS);
            while (sent.get() < total) {
                Thread.sleep(20);
            }
        } finally {
            ticker.shutdownNow();
        }
        CompletableFuture<?>[] all;
        synchronized (inFlight) {
            all = inFlight.toArray(CompletableFuture[]::new);
        }
        try {
            CompletableFuture.allOf(all).get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // a request that never completed is counted below as failed
        }
        long sentCount = all.length;
        long failed = failures.values().stream().mapToLong(AtomicLong::get).sum();
        long unanswered = sentCount - latencies.size() - failed;
        if (unanswered > 0) {
            failures.computeIfAbsent("no answer", k -> new AtomicLong()).addAndGet(unanswered);
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new LoadReport(sentCount, sorted.length, sentCount - sorted.length, percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted.length == 0 ? Duration.ZERO : Duration.ofNanos(sorted[sorted.length - 1]),
                counts(failures), counts(servedBy));
    }

    private static String body(long n, int maxTokens) {
        return "{\"prompt\":\"Household " + (n % 97) + " asks question " + n + ":\",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0.8,\"seed\":" + n + "}";
    }

    /** Nearest-rank percentile. */
    static Duration percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return Duration.ofNanos(sorted[Math.max(0, rank - 1)]);
    }

    private static Map<String, Long> counts(Map<String, AtomicLong> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
