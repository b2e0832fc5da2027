package dev.hearth.rules.scenario;

import dev.hearth.model.NodeState;
import dev.hearth.rules.facts.NodeStatus;

import java.util.Objects;

/** A node of a scenario's fleet; household, building and spine default to the node's own, b1 and s1. */
public record ScenarioNode(String id, NodeState state, String household, String building, String spine) {
    public ScenarioNode {
        Objects.requireNonNull(id, "a fleet node needs an id, e.g. {id: node-1}");
        state = state == null ? NodeState.SERVING : state;
        household = household == null ? "household-" + id : household;
        building = building == null ? "b1" : building;
        spine = spine == null ? "s1" : spine;
    }

    NodeStatus status() {
        return new NodeStatus(id, state, household, building, spine);
    }
}
