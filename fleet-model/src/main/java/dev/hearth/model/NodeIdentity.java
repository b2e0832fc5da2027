package dev.hearth.model;

import java.util.Objects;
import java.util.regex.Pattern;

/** One GPU node of the fleet: a stable id (used as the {@code node} label everywhere) and its topology. */
public record NodeIdentity(String id, Topology topology) {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public NodeIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topology, "topology");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("node id '" + id
                    + "' is not valid: use lower-case letters, digits and '-', at most 63 characters (e.g. node-3)");
        }
    }
}
