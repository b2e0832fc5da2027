package dev.hearth.controlplane.load;

import java.time.Duration;
import java.util.Map;

/**
 * What a load run saw. Latencies are of successful requests, from sending to the full response.
 *
 * @param failures failed requests by reason (HTTP status or error)
 * @param servedBy successful requests by the node that served them
 */
public record LoadReport(long sent, long ok, long failed, Duration p50, Duration p99, Duration max,
                         Map<String, Long> failures, Map<String, Long> servedBy) {

    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "sent %d · ok %d · failed %d · latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                sent, ok, failed, millis(p50), millis(p99), millis(max));
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }
}
