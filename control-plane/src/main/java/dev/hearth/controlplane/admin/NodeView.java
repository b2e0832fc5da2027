package dev.hearth.controlplane.admin;

import java.time.Instant;

/**
 * One node as {@code ./hearth status} shows it.
 *
 * @param reason         for an isolated node, why (the finding's summary)
 * @param healthySeconds for an isolated node, how long it has been free of findings; null while a finding holds
 * @param fault          the fault injected into its simulated hardware, or null
 */
public record NodeView(String id, String state, Instant since, String reason, String rule, Instant findingSince,
                       Double gpuCelsius, Double inletCelsius, Long healthySeconds, long holdDownSeconds,
                       String fault) {
}
