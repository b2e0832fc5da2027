package dev.hearth.controlplane.admin;

import dev.hearth.remediation.AuditEntry;

import java.util.List;

/**
 * Base of the admin API tests' fleet doubles: a fleet with an empty audit log and no metrics, which
 * refuses status and faults; each test overrides what its endpoints need.
 */
abstract class FleetControlDouble implements FleetControl {
    @Override
    public FleetStatus status() {
        throw new UnsupportedOperationException("not in this test");
    }

    @Override
    public FaultInjected inject(String node, String fault) {
        throw new UnsupportedOperationException("not in this test");
    }

    @Override
    public List<AuditEntry> audit(int limit) {
        return List.of();
    }

    @Override
    public String metrics() {
        return "";
    }
}
