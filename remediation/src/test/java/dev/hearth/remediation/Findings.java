package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Findings as the rules engine would raise them, for these tests. */
final class Findings {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private Findings() {
    }

    static Finding overheat(String node, Instant since) {
        return finding(node, Severity.CRITICAL, since);
    }

    static Finding finding(String node, Severity severity, Instant since) {
        Sample evidence = new Sample(since, node, "hearth_bmc_temperature_celsius",
                Map.of("sensor", "GPU0", "physical_context", "GPU"), 95.5);
        return new Finding(node, "gpu-overheat", severity, "GPU over temperature for 30 s", since,
                List.of(evidence), ActionType.ISOLATE, "GPU sensor 'GPU0' above 90 °C for 30 s, now 95.5 °C");
    }

    static Finding xid79(String node, Instant since) {
        Sample evidence = new Sample(since, node, "hearth_gpu_xid_events_total", Map.of("xid", "79"), 1);
        return new Finding(node, "xid-79", Severity.CRITICAL, "GPU fell off the bus", since, List.of(evidence),
                ActionType.ISOLATE, "Xid 79 on GPU 0: the GPU fell off the bus");
    }

    static Finding suggesting(String node, ActionType action, Instant since) {
        Sample evidence = new Sample(since, node, "hearth_node_request_duration_seconds", Map.of(), 2.5);
        return new Finding(node, "slow-node", Severity.WARNING, "node slower than its peers", since, List.of(evidence),
                action, "p99 2.5 s against 0.4 s for its peers");
    }
}
