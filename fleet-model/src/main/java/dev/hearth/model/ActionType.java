package dev.hearth.model;

/**
 * What remediation can do about a finding. Rules suggest one; the remediation planner decides whether
 * and how it is carried out.
 */
public enum ActionType {
    /** Stop routing new requests to the node; in-flight requests finish. */
    ISOLATE,
    /** Route to the node again after it stayed healthy for the hold-down period. */
    RESTORE,
    /** Load an isolated node's shards onto a standby and route to it once a canary inference passes. */
    PROMOTE_STANDBY,
    /** Compute and roll out a placement that brings every shard back to its replication. */
    RESCHEDULE_SHARDS,
    /** Recompute the gateway's weights from the nodes' latency and thermal headroom. */
    REBALANCE,
    /** Set the GPU performance state (power policy) of the node, or of the fleet for node "fleet". */
    SET_POWER_STATE,
    /** Restart the node's serving process (application-level GPU faults). */
    RESTART_SERVICE,
    /** Open a repair work order for the node's hardware, with the evidence. */
    OPEN_REPAIR_TICKET,
    /** Open a work order to replace the node's GPU. */
    OPEN_REPLACEMENT_TICKET,
    /** No automatic action: page or inform the on-call engineer. */
    NOTIFY
}
