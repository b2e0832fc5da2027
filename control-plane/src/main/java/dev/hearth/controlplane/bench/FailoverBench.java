package dev.hearth.controlplane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.controlplane.fleet.LocalFleet;
import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.controlplane.load.LoadGenerator;
import dev.hearth.controlplane.load.LoadReport;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One fault under load on a running local fleet, timed from the outside as a household would see it:
 * from the fault's injection to the gateway no longer routing to the node (traffic drained), and to a
 * standby that was not routed before taking traffic (standby serving), with the requests that failed
 * meanwhile. The gateway's route table is polled every 20 ms.
 */
public final class FailoverBench {
    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * @param standby        the node that started taking traffic in its place; empty when none did in time
     * @param standbyServing from the fault to that; empty when none did
     */
    public record Run(String node, String fault, Duration drained, Optional<String> standby,
                      Optional<Duration> standbyServing, LoadReport load) {
    }

    private final LocalFleet fleet;
    private final HttpClient http;
    private final ObjectMapper json;

    public FailoverBench(LocalFleet fleet, HttpClient http, ObjectMapper json) {
        this.fleet = fleet;
        this.http = http;
        this.json = json;
    }

    /**
     * Injects {@code fault} into {@code node} while households send {@code rps} completions a second.
     *
     * @param timeout how long to wait for the node to be drained and for a standby to serve
     * @throws IllegalStateException when the node was still routed after {@code timeout}
     */
    public Run run(String node, String fault, double rps, Duration timeout) throws InterruptedException {
        Set<String> routedBefore = routed();
        Duration loadFor = timeout.plusSeconds(2);
        CompletableFuture<LoadReport> load = CompletableFuture.supplyAsync(() -> {
            try {
                return new LoadGenerator(http, fleet.demoKeys().stream().map(IssuedKey::key).toList())
                        .run(fleet.gatewayUri(), rps, loadFor, 16);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while sending load", e);
            }
        });
        Thread.sleep(1_000);
        long injected = System.nanoTime();
        long deadline = injected + timeout.toNanos();
        fleet.inject(node, fault);
        Duration drained = null;
        String standby = null;
        Duration serving = null;
        while (System.nanoTime() < deadline && (drained == null || standby == null)) {
            Set<String> now = routed();
            long at = System.nanoTime();
            if (drained == null && !now.contains(node)) {
                drained = Duration.ofNanos(at - injected);
            }
            if (standby == null) {
                Optional<String> fresh = now.stream().filter(n -> !routedBefore.contains(n)).findFirst();
                if (fresh.isPresent()) {
                    standby = fresh.get();
                    serving = Duration.ofNanos(at - injected);
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        if (drained == null) {
            throw new IllegalStateException(node + " was still routed " + timeout.toSeconds() + " s after " + fault
                    + ": remediation did not isolate it (./hearth audit says why)");
        }
        return new Run(node, fault, drained, Optional.ofNullable(standby), Optional.ofNullable(serving), load.join());
    }

    /** The nodes the gateway routes to now. */
    public Set<String> routed() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(fleet.gatewayAdminUri().resolve("/admin/nodes"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Set<String> nodes = new LinkedHashSet<>();
            for (JsonNode route : json.readTree(r.body())) {
                if (route.path("routable").asBoolean()) {
                    nodes.add(route.path("node").asText());
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new IllegalStateException("the gateway's admin API did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the gateway's routes", e);
        }
    }
}
