package dev.hearth.rules.facts;

/**
 * The fleet's typical latency, against which one node's latency is judged.
 *
 * @param medianP99Seconds median over serving nodes with enough requests of their P99 request duration
 * @param nodes            how many nodes the median is taken over
 */
public record FleetLatency(double medianP99Seconds, int nodes) {
    public FleetLatency {
        FactChecks.finite(medianP99Seconds, "fleet latency", "medianP99Seconds");
        FactChecks.notNegative(nodes, "fleet latency", "nodes");
    }
}
