package dev.hearth.remediation.power;

import java.util.Objects;

/**
 * The power state a node was last put in.
 *
 * @param clocks {@code null} when application clocks were not part of it
 * @param detail one line: what nvidia-smi said, or why it was simulated
 */
public record PowerState(String node, int watts, ApplicationClocks clocks, PowerStateMode mode, String detail) {
    public PowerState {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(detail, "detail");
    }
}
