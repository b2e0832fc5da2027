package dev.hearth.model;

import java.util.Objects;

/**
 * Where a node sits in the neighbourhood network: its household, the building switch it hangs off,
 * and the spine that building uplinks to. Placement and blast-radius checks reason in these terms.
 */
public record Topology(String household, String building, String spine) {
    public Topology {
        Objects.requireNonNull(household, "household");
        Objects.requireNonNull(building, "building");
        Objects.requireNonNull(spine, "spine");
    }
}
