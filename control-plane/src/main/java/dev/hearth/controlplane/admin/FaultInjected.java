package dev.hearth.controlplane.admin;

import java.time.Instant;

/** Answer to {@code POST /api/faults}. */
public record FaultInjected(String node, String fault, Instant at) {
}
