package dev.hearth.model;

/** Whether the gateway routes requests to a node. */
public enum NodeState {
    SERVING, ISOLATED
}
