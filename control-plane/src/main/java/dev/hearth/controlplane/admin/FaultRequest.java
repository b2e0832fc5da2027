package dev.hearth.controlplane.admin;

/** Body of {@code POST /api/faults}. */
public record FaultRequest(String node, String fault) {
}
