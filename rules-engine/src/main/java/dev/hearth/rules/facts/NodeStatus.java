package dev.hearth.rules.facts;

import dev.hearth.model.NodeState;

import java.util.Objects;

/** A node as the control plane sees it: whether requests are routed to it, and where it sits. */
public record NodeStatus(String node, NodeState state, String household, String building, String spine) {
    public NodeStatus {
        FactChecks.text(node, "a node status", "node");
        Objects.requireNonNull(state, () -> "status of node " + node + " needs a state (SERVING, ISOLATED or STANDBY)");
        FactChecks.text(household, "status of node " + node, "household");
        FactChecks.text(building, "status of node " + node, "building");
        FactChecks.text(spine, "status of node " + node, "spine");
    }
}
