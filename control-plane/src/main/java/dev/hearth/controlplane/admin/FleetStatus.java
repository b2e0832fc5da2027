package dev.hearth.controlplane.admin;

import java.time.Instant;
import java.util.List;

/**
 * The whole fleet at a glance: what {@code GET /api/status} returns.
 *
 * @param lastCycle time of the newest control-loop cycle, or null before the first
 */
public record FleetStatus(Instant at, String gateway, List<NodeView> nodes, long requestsOk, long requestsFailed,
                          long requestsRejected, long samplesStored, int activeFindings, Instant lastCycle,
                          String store) {

    public long serving() {
        return nodes.stream().filter(n -> n.state().equals("serving")).count();
    }

    public long isolated() {
        return nodes.stream().filter(n -> n.state().equals("isolated")).count();
    }

    public long standby() {
        return nodes.stream().filter(n -> n.state().equals("standby")).count();
    }
}
