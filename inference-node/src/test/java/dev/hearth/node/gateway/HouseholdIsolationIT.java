package dev.hearth.node.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.node.engine.ScalarKernels;
import dev.hearth.node.generation.Generator;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.node.model.Architecture;
import dev.hearth.node.model.DecoderModel;
import dev.hearth.node.model.ModelPresets;
import dev.hearth.node.serving.SchedulerConfig;
import dev.hearth.node.server.InferenceNode;
import dev.hearth.node.tokenizer.ByteTokenizer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Household A floods past its quota while household B sends at a steady rate: A gets 429s, none of
 * B's requests fail, and B's time to first token is printed next to B's alone (a figure for the
 * record, not an assertion: timing on a shared CI machine is no test).
 */
class HouseholdIsolationIT {
    private static final String KEY_A = "hh-flood";
    private static final String KEY_B = "hh-steady";

    @Test
    void aFloodingHouseholdIsHeldToItsQuotaAndTheOtherIsServed() throws Exception {
        ScalarKernels k = new ScalarKernels();
        Generator g = new Generator("hearth-tiny", DecoderModel.generated(ModelPresets.config(Architecture.DEEPSEEK_V3,
                "tiny"), 6, k, 256), new ByteTokenizer(), k);
        Household a = new Household("house-a", "flood", new HouseholdQuota(1_000_000, 2, 256, 1.0));
        Household b = new Household("house-b", "steady", new HouseholdQuota(1_000_000, 4, 256, 1.0));
        ApiKeys keys = key -> KEY_A.equals(key) ? Optional.of(a) : KEY_B.equals(key) ? Optional.of(b) : Optional.empty();
        HttpClient client = HttpClient.newHttpClient();
        try (InferenceNode node = new InferenceNode("node-i", g, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ObjectMapper(), Clock.systemUTC(), new SchedulerConfig(4, 16, 64, 16, 4096)).start(0);
             Gateway gateway = new Gateway(new RouteTable(Map.of("node-i", node.baseUri())), client,
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofSeconds(30), keys,
                     Clock.systemUTC()).start(0, 0)) {
            steady(client, gateway, 30); // warm-up: the JIT compiles the kernels on the first requests
            Steady alone = steady(client, gateway, 30);

            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicInteger floodOk = new AtomicInteger();
            AtomicInteger floodRefused = new AtomicInteger();
            ExecutorService flood = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                flood.submit(() -> {
                    while (flooding.get()) {
                        HttpResponse<InputStream> r = send(client, gateway, KEY_A, false);
                        try (InputStream body = r.body()) {
                            body.readAllBytes();
                        }
                        (r.statusCode() == 429 ? floodRefused : floodOk).incrementAndGet();
                    }
                    return null;
                });
            }
            Steady shared = steady(client, gateway, 30);
            flooding.set(false);
            flood.shutdown();
            assertThat(flood.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            System.out.printf("household isolation: B's TTFT P99 alone %.1f ms, with A flooding %.1f ms (%.0f%%);"
                            + " A: %d served, %d refused with 429%n", alone.p99() * 1e3, shared.p99() * 1e3,
                    100 * (shared.p99() / alone.p99() - 1), floodOk.get(), floodRefused.get());
            assertThat(shared.failures).as("B's failed requests").isZero();
            assertThat(alone.failures).isZero();
            assertThat(floodRefused.get()).as("A's requests refused with 429").isPositive();
            assertThat(floodOk.get()).as("A is still served within its quota").isPositive();
        }
    }

    /** {@code n} streamed requests of household B, one every 40 ms; time to the first text chunk. */
    private Steady steady(HttpClient client, Gateway gateway, int n) throws Exception {
        Steady s = new Steady();
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            HttpResponse<InputStream> r = send(client, gateway, KEY_B, true);
            if (r.statusCode() != 200) {
                s.failures++;
                r.body().close();
                continue;
            }
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                boolean first = true;
                while ((line = lines.readLine()) != null) {
                    if (first && line.startsWith("data: {") && line.contains("\"text\"")) {
                        s.ttft.add((System.nanoTime() - start) / 1e9);
                        first = false;
                    }
                }
            }
            Thread.sleep(40);
        }
        return s;
    }

    private static HttpResponse<InputStream> send(HttpClient client, Gateway gateway, String key, boolean stream)
            throws Exception {
        return client.send(HttpRequest.newBuilder(gateway.publicUri().resolve("/v1/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"steady as she goes\",\"max_tokens\":24,"
                        + "\"temperature\":0.8,\"seed\":5,\"stream\":" + stream + "}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static final class Steady {
        final List<Double> ttft = new ArrayList<>();
        int failures;

        double p99() {
            double[] v = ttft.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v.length == 0 ? 0 : v[Math.max(0, (int) Math.ceil(0.99 * v.length) - 1)];
        }
    }
}
