package dev.hearth.node.gateway;

import java.util.Collection;

/** A node id that the gateway does not know. */
public final class UnknownNodeException extends IllegalArgumentException {
    public UnknownNodeException(String node, Collection<String> known) {
        super("unknown node '" + node + "'; the fleet has " + String.join(", ", known));
    }
}
