package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.NodeState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plan → guard → act → audit, once per evaluation. Keeps each node's state, tracks how long isolated
 * nodes have been healthy (the hold-down against flapping), and records every decision. A refusal or
 * failure that repeats unchanged is recorded once, not every cycle.
 */
public final class Remediator {
    private final Planner planner;
    private final Guard guard;
    private final FleetActuator actuator;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    private final Map<String, String> lastUnchangedOutcome = new HashMap<>();
    private final Deque<AuditEntry> unwritten = new ArrayDeque<>();

    public Remediator(Collection<String> nodeIds, Instant start, Planner planner, Guard guard, FleetActuator actuator,
                      AuditLog audit, MeterRegistry registry) {
        this.planner = planner;
        this.guard = guard;
        this.actuator = actuator;
        this.audit = audit;
        this.registry = registry;
        for (String id : nodeIds) {
            nodes.put(id, NodeStatus.serving(id, start));
            for (NodeState state : NodeState.values()) {
                Gauge.builder(MetricCatalogue.NODE_STATE.meterName(), this, r -> r.stateOf(id) == state ? 1 : 0)
                        .description(MetricCatalogue.NODE_STATE.help())
                        .tag("node", id).tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    /** Acts on the findings of one evaluation; returns the decisions it recorded. */
    public synchronized List<AuditEntry> onFindings(List<Finding> findings, Instant now) {
        flushUnwritten();
        Set<String> named = findings.stream().map(Finding::node).collect(Collectors.toSet());
        for (NodeStatus s : List.copyOf(nodes.values())) {
            if (s.state() != NodeState.ISOLATED) {
                continue;
            }
            // a finding naming the node restarts its hold-down; the first cycle without one starts it
            if (named.contains(s.node())) {
                nodes.put(s.node(), s.withHealthySince(null));
            } else if (s.healthySince() == null) {
                nodes.put(s.node(), s.withHealthySince(now));
            }
        }

        List<AuditEntry> recorded = new ArrayList<>();
        for (PlannedAction action : planner.plan(findings, nodes(), now)) {
            // the guard sees the actions this cycle already took
            Verdict verdict = guard.check(action, nodes(), now);
            if (!verdict.allowed()) {
                recordOnce(action, Outcome.REFUSED, verdict.reason(), now, recorded);
                continue;
            }
            try {
                actuator.execute(action);
            } catch (ActuationException e) {
                recordOnce(action, Outcome.FAILED, e.getMessage(), now, recorded);
                continue;
            }
            guard.executed(action, now);
            nodes.put(action.node(), action.type() == ActionType.ISOLATE
                    ? new NodeStatus(action.node(), NodeState.ISOLATED, now, action.cause(), null)
                    : NodeStatus.serving(action.node(), now));
            lastUnchangedOutcome.remove(action.node() + "/" + action.type());
            record(AuditEntry.of(action, Outcome.EXECUTED, action.reason(), now), recorded);
        }
        return recorded;
    }

    /** Every node's status, in the fleet's order. */
    public synchronized Map<String, NodeStatus> nodes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    private synchronized NodeState stateOf(String id) {
        return nodes.get(id).state();
    }

    private void recordOnce(PlannedAction action, Outcome outcome, String reason, Instant now,
                            List<AuditEntry> recorded) {
        String key = action.node() + "/" + action.type();
        String value = outcome + ":" + reason;
        if (!value.equals(lastUnchangedOutcome.put(key, value))) {
            record(AuditEntry.of(action, outcome, reason, now), recorded);
        }
    }

    private void record(AuditEntry entry, List<AuditEntry> recorded) {
        Counter.builder(MetricCatalogue.REMEDIATION_ACTIONS.meterName())
                .description(MetricCatalogue.REMEDIATION_ACTIONS.help())
                .tag("action", entry.action().name().toLowerCase(Locale.ROOT))
                .tag("verdict", entry.outcome().name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
        recorded.add(entry);
        unwritten.addLast(entry);
        flushUnwritten();
    }

    /** Writes held entries in order; an unavailable audit log keeps them for the next cycle. */
    private void flushUnwritten() {
        while (!unwritten.isEmpty()) {
            try {
                audit.append(unwritten.peekFirst());
            } catch (AuditUnavailableException e) {
                return;
            }
            unwritten.removeFirst();
        }
    }

    /** Decisions taken but not yet in the audit log (the log was unavailable). */
    public synchronized int unwrittenAuditEntries() {
        return unwritten.size();
    }
}
