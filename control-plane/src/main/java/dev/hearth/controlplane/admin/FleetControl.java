package dev.hearth.controlplane.admin;

import dev.hearth.remediation.AuditEntry;

import java.util.List;

/** What the admin API needs from a running fleet. */
public interface FleetControl {

    FleetStatus status();

    /**
     * @throws dev.hearth.node.gateway.UnknownNodeException naming the fleet's nodes when the node is unknown
     * @throws IllegalArgumentException naming the valid faults when the fault is unknown
     */
    FaultInjected inject(String node, String fault);

    /** The newest audit entries, newest first. */
    List<AuditEntry> audit(int limit);

    /** The control plane's own metrics in the Prometheus text format. */
    String metrics();
}
