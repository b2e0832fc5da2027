package dev.hearth.model;

/** What remediation can do to a node. */
public enum ActionType {
    /** Stop routing new requests to the node; in-flight requests finish. */
    ISOLATE,
    /** Route to the node again after it stayed healthy for the hold-down period. */
    RESTORE
}
