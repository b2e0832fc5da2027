package dev.hearth.model.placement;

import dev.hearth.model.NodeIdentity;
import java.util.Objects;

/**
 * What a node offers placement: its GPU memory and the part of it kept for the KV cache (and working
 * buffers), which weights may not use.
 */
public record NodeCapacity(NodeIdentity node, long gpuMemoryBytes, long kvBudgetBytes) {
    private static final double GIB = 1024.0 * 1024 * 1024;

    public NodeCapacity {
        Objects.requireNonNull(node, "node");
        if (gpuMemoryBytes <= 0) {
            throw new IllegalArgumentException("node " + node.id() + " has " + gpuMemoryBytes
                    + " bytes of GPU memory; give its card's memory, e.g. 11 GiB for an RTX 2080 Ti");
        }
        if (kvBudgetBytes < 0) {
            throw new IllegalArgumentException("node " + node.id() + " has a KV budget of " + kvBudgetBytes
                    + " bytes; it must be 0 or more");
        }
        if (kvBudgetBytes >= gpuMemoryBytes) {
            throw new IllegalArgumentException(String.format(
                    "node %s: a KV budget of %.2f GiB leaves nothing of its %.2f GiB GPU memory for weights;"
                            + " lower the KV budget", node.id(), kvBudgetBytes / GIB, gpuMemoryBytes / GIB));
        }
    }

    public String id() {
        return node.id();
    }

    /** Bytes left for weights once the KV budget is set aside. */
    public long weightBytes() {
        return gpuMemoryBytes - kvBudgetBytes;
    }
}
