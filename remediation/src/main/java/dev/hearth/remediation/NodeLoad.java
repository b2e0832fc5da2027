package dev.hearth.remediation;

/**
 * How one serving node is doing, as rebalancing reads it.
 *
 * @param p99Seconds the node's P99 request latency over the last minute; NaN when it served too little
 * @param gpuCelsius its GPU's latest temperature; NaN when not read
 * @param weight     the gateway's weight for it now (1 is the default)
 */
public record NodeLoad(String node, double p99Seconds, double gpuCelsius, double weight) {
}
