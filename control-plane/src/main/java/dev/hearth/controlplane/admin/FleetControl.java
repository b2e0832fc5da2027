package dev.hearth.controlplane.admin;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.node.households.HouseholdQuota;
import dev.hearth.remediation.AuditEntry;
import dev.hearth.rules.Firing;

import java.util.List;
import java.util.Optional;

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

    /**
     * The newest stored BMC and GPU readings and scrape health, in the Prometheus text format; stale
     * series left out.
     *
     * @throws dev.hearth.collector.StoreUnavailableException when the store cannot be read (the admin API answers 503)
     */
    default String readings() {
        throw new UnsupportedOperationException("this fleet stores no readings");
    }

    /**
     * The placement the fleet follows: which nodes serve which shards, at which version. A fleet
     * whose nodes each run the whole model has none (the admin API then answers 404).
     */
    default Optional<PlacementMap> placement() {
        return Optional.empty();
    }

    /**
     * Every household, with its key where this process holds it. A fleet that keeps no households
     * leaves this as it is (the admin API then answers 501).
     *
     * @throws dev.hearth.controlplane.households.HouseholdStoreException when the store cannot be read
     */
    default List<HouseholdView> households() {
        throw new UnsupportedOperationException("this fleet keeps no households");
    }

    /**
     * Registers a household and issues its key, which the answer carries once.
     *
     * @throws IllegalArgumentException naming the rule, when the name is not a valid household name
     * @throws dev.hearth.controlplane.households.HouseholdExistsException when the name is taken
     */
    default HouseholdView addHousehold(String name, HouseholdQuota quota) {
        throw new UnsupportedOperationException("this fleet keeps no households");
    }

    /** The rules the fleet runs: files, rule names, shadow flags and the last reload. */
    default RulesView rules() {
        throw new UnsupportedOperationException("this fleet runs no rules");
    }

    /**
     * The newest rule firings, newest first; of one rule when {@code rule} is given.
     *
     * @throws UnsupportedOperationException when the fleet does not store firings (the admin API answers 501)
     */
    default List<Firing> firings(int limit, Optional<String> rule) {
        throw new UnsupportedOperationException("this fleet does not store rule firings");
    }

    /** Remediation actions waiting for an operator's approval, oldest first. */
    default java.util.List<dev.hearth.remediation.PendingAction> pendingActions() {
        throw new UnsupportedOperationException("this fleet runs no remediation");
    }

    /**
     * Approves a pending action: the guard checks it against the fleet as it is now, then it is carried out.
     *
     * @return the decision as the audit log records it
     * @throws dev.hearth.remediation.ApprovalRefusedException when no such action waits, it expired, or was decided
     */
    default AuditEntry approve(String id) {
        throw new UnsupportedOperationException("this fleet runs no remediation");
    }

    /** @throws dev.hearth.remediation.ApprovalRefusedException when no such action waits, it expired, or was decided */
    default AuditEntry reject(String id) {
        throw new UnsupportedOperationException("this fleet runs no remediation");
    }

    /** The isolation breaker: whether it is tripped, since when and why. */
    default dev.hearth.remediation.GuardState.Breaker breaker() {
        throw new UnsupportedOperationException("this fleet runs no remediation");
    }

    /** An operator closes the breaker; returns the audit entry recording it. */
    default AuditEntry resetBreaker() {
        throw new UnsupportedOperationException("this fleet runs no remediation");
    }
}
