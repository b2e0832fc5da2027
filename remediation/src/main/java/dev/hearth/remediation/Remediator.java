package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.NodeState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
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
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Plan → guard → act → audit, once per evaluation. Owns what the pure planner and guard read: each
 * node's state, how long isolated nodes have been healthy (the hold-down against flapping), the guard's
 * state (breaker, windows), the ids of actions already taken (idempotency), and the pending approvals.
 * Every decision is recorded; one that repeats unchanged is recorded once, not every cycle.
 */
public final class Remediator {
    /** How long an action's id is remembered: the same finding within this time is not acted on again. */
    private static final Duration IDEMPOTENCY_MEMORY = Duration.ofHours(24);
    /** How much of the audit log a restart reads back: more than a day of decisions of a busy fleet. */
    private static final int RECOVERY_ENTRIES = 20_000;
    /** Buckets of the action time histogram: a ticket's milliseconds to a promotion's canary and retries. */
    static final Duration[] ACTION_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final Planner planner;
    private final Guard guard;
    private final ActionExecutor executor;
    private final ActionModes modes;
    private final PendingActions pending;
    private final AuditLog audit;
    private final MeterRegistry registry;
    private final Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    private final Map<String, String> lastUnchangedOutcome = new HashMap<>();
    private final Map<String, Instant> recent = new LinkedHashMap<>();
    private final Deque<AuditEntry> unwritten = new ArrayDeque<>();
    /** When each node was isolated within the relapse window: repeats lengthen its hold-down. */
    private final Map<String, Deque<Instant>> isolations = new HashMap<>();
    private GuardState guardState = GuardState.initial();
    private FleetFacts lastFacts = FleetFacts.none();
    private volatile int waitingApprovals;

    public Remediator(Collection<String> nodeIds, Instant start, Planner planner, Guard guard, ActionExecutor executor,
                      ActionModes modes, PendingActions pending, AuditLog audit, MeterRegistry registry) {
        this(nodeIds, List.of(), start, planner, guard, executor, modes, pending, audit, registry);
    }

    /**
     * @param nodeIds    the serving nodes
     * @param standbyIds nodes held in reserve, loaded with nothing: promoted in an isolated node's place
     */
    public Remediator(Collection<String> nodeIds, Collection<String> standbyIds, Instant start, Planner planner,
                      Guard guard, ActionExecutor executor, ActionModes modes, PendingActions pending, AuditLog audit,
                      MeterRegistry registry) {
        this.planner = planner;
        this.guard = guard;
        this.executor = executor;
        this.modes = modes;
        this.pending = pending;
        this.audit = audit;
        this.registry = registry;
        for (String id : standbyIds) {
            if (nodeIds.contains(id)) {
                throw new IllegalArgumentException(id + " is named both as a serving node and as a standby");
            }
        }
        List<String> all = new ArrayList<>(nodeIds);
        all.addAll(standbyIds);
        for (String id : all) {
            nodes.put(id, standbyIds.contains(id) ? NodeStatus.standby(id, start) : NodeStatus.serving(id, start));
            for (NodeState state : NodeState.values()) {
                Gauge.builder(MetricCatalogue.NODE_STATE.meterName(), this, r -> r.stateOf(id) == state ? 1 : 0)
                        .description(MetricCatalogue.NODE_STATE.help())
                        .tag("node", id).tag("state", state.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
        Gauge.builder(MetricCatalogue.REMEDIATION_BREAKER_OPEN.meterName(), this, r -> r.breaker().tripped() ? 1 : 0)
                .description(MetricCatalogue.REMEDIATION_BREAKER_OPEN.help()).register(registry);
        Gauge.builder(MetricCatalogue.REMEDIATION_PENDING_APPROVALS.meterName(), this, r -> r.waitingApprovals)
                .description(MetricCatalogue.REMEDIATION_PENDING_APPROVALS.help()).register(registry);
    }

    /** One backend for isolate and restore, every type automatic, approvals in memory, one try per action. */
    public Remediator(Collection<String> nodeIds, Instant start, Planner planner, Guard guard, FleetActuator actuator,
                      AuditLog audit, MeterRegistry registry) {
        this(nodeIds, start, planner, guard, new ActionExecutor(Backends.of(actuator, ActionType.ISOLATE,
                        ActionType.RESTORE), new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30)),
                        Sleeper.real(), Executors.newCachedThreadPool(r -> {
                            Thread t = new Thread(r, "remediation-backend");
                            t.setDaemon(true);
                            return t;
                        })),
                ActionModes.automatic(), new InMemoryPendingActions(), audit, registry);
    }

    /** Acts on the findings of one evaluation, knowing node states only; returns the decisions it recorded. */
    public List<AuditEntry> onFindings(List<Finding> findings, Instant now) {
        return onFindings(findings, FleetFacts.none(), now);
    }

    /** Acts on the findings of one evaluation; returns the decisions it recorded. */
    public synchronized List<AuditEntry> onFindings(List<Finding> findings, FleetFacts facts, Instant now) {
        lastFacts = facts;
        flushUnwritten();
        List<AuditEntry> recorded = new ArrayList<>();
        expireApprovals(now, recorded);
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
        recent.values().removeIf(at -> at.isBefore(now.minus(IDEMPOTENCY_MEMORY)));

        Plan plan = planner.plan(view(), findings, now);
        String summary = plan.summary();
        for (PlannedAction action : plan.actions()) {
            // the guard sees the actions this cycle already took
            Verdict verdict = guard.check(action, view(), guardState, now);
            if (verdict.tripsBreaker()) {
                guardState = guardState.tripped(verdict.reason(), now);
            }
            if (!verdict.allowed()) {
                refused(action, verdict, summary, now, recorded);
                continue;
            }
            switch (modes.of(action.type())) {
                case DRY_RUN -> {
                    recent.put(action.id(), now);
                    record(AuditEntry.of(action, Outcome.DRY_RUN, "dry run: would " + describe(action) + " — "
                            + action.reason(), verdict.code(), summary, null, now), recorded);
                }
                case APPROVAL -> {
                    recent.put(action.id(), now);
                    if (pending.propose(new PendingAction(action, now, now.plus(modes.approvalTtl())))) {
                        record(AuditEntry.of(action, Outcome.PENDING_APPROVAL, "waits for approval until "
                                + now.plus(modes.approvalTtl()) + ": ./hearth actions approve " + action.id()
                                + " — " + action.reason(), verdict.code(), summary, null, now), recorded);
                    }
                    waitingApprovals = pending.waiting(now).size();
                }
                case AUTOMATIC -> act(action, verdict.code(), summary, "", now, recorded);
            }
        }
        return recorded;
    }

    /**
     * An operator approves a pending action: it is checked by the guard against the fleet as it is now
     * and carried out if allowed.
     *
     * @throws ApprovalRefusedException when no such action waits, it expired, or another decision came first
     */
    public synchronized AuditEntry approve(String id, Instant now) {
        PendingAction p = undecided(id, now);
        if (!pending.decide(id, Decision.APPROVED, now)) {
            throw decidedAlready(id);
        }
        waitingApprovals = pending.waiting(now).size();
        List<AuditEntry> recorded = new ArrayList<>();
        PlannedAction action = p.action();
        Verdict verdict = guard.check(action, view(), guardState, now);
        if (verdict.tripsBreaker()) {
            guardState = guardState.tripped(verdict.reason(), now);
        }
        if (!verdict.allowed()) {
            AuditEntry e = AuditEntry.of(action, verdict.deferred() ? Outcome.DEFERRED : Outcome.REFUSED,
                    "approved by an operator, but " + verdict.reason(), verdict.code(), "approval of " + id, null, now);
            countRefusal(action, verdict);
            record(e, recorded);
            return e;
        }
        act(action, verdict.code(), "approval of " + id, "approved by an operator: ", now, recorded);
        return recorded.get(recorded.size() - 1);
    }

    /** @throws ApprovalRefusedException when no such action waits, it expired, or another decision came first */
    public synchronized AuditEntry reject(String id, Instant now) {
        PendingAction p = undecided(id, now);
        if (!pending.decide(id, Decision.REJECTED, now)) {
            throw decidedAlready(id);
        }
        waitingApprovals = pending.waiting(now).size();
        AuditEntry e = AuditEntry.of(p.action(), Outcome.REJECTED, "rejected by an operator: " + p.action().reason(),
                null, "approval of " + id, null, now);
        record(e, new ArrayList<>());
        return e;
    }

    /** The actions waiting for approval at {@code now}, oldest first. */
    public synchronized List<PendingAction> pending(Instant now) {
        List<PendingAction> waiting = pending.waiting(now);
        waitingApprovals = waiting.size();
        return waiting;
    }

    /**
     * Takes the guard's state from the audit log: a restarted control plane keeps a tripped breaker
     * tripped and counts the isolations of the window.
     *
     * @return the breaker as recovered
     * @throws AuditUnavailableException when the audit log cannot be read (the guard then starts closed)
     */
    public synchronized GuardState.Breaker recover(Instant now) {
        guardState = GuardState.recover(audit.recent(RECOVERY_ENTRIES), now, IDEMPOTENCY_MEMORY);
        return guardState.breaker();
    }

    public synchronized GuardState.Breaker breaker() {
        return guardState.breaker();
    }

    /**
     * An operator resets the breaker; the reset is recorded (as a notice on node {@code fleet}).
     *
     * @return the audit entry, which says what the breaker was
     */
    public synchronized AuditEntry resetBreaker(Instant now) {
        GuardState.Breaker before = guardState.breaker();
        guardState = guardState.reset();
        String reason = before.tripped()
                ? GuardState.RESET_REASON + ", tripped at " + before.trippedAt() + " (" + before.reason() + ")"
                : GuardState.RESET_REASON + ", which was not tripped";
        PlannedAction notice = new PlannedAction(ActionIds.hash("breaker-reset", now.toString()), ActionType.NOTIFY,
                FleetView.FLEET, null, reason, Map.of());
        AuditEntry e = AuditEntry.of(notice, Outcome.EXECUTED, reason, null, "breaker reset", null, now);
        lastUnchangedOutcome.clear();
        record(e, new ArrayList<>());
        return e;
    }

    /** Every node's status, in the fleet's order. */
    public synchronized Map<String, NodeStatus> nodes() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    /** Decisions taken but not yet in the audit log (the log was unavailable). */
    public synchronized int unwrittenAuditEntries() {
        return unwritten.size();
    }

    /** Standbys: those the facts name, best first, else every node held in reserve, in the fleet's order. */
    private FleetView view() {
        List<String> standbys = lastFacts.standbys().isEmpty()
                ? nodes.values().stream().filter(s -> s.state() == NodeState.STANDBY).map(NodeStatus::node).toList()
                : lastFacts.standbys();
        return new FleetView(nodes, lastFacts.placement(), standbys, lastFacts.errorBudgetLeft(), recent.keySet(),
                lastFacts.load());
    }

    private void act(PlannedAction action, String verdict, String summary, String prefix, Instant now,
                     List<AuditEntry> recorded) {
        Execution done = executor.execute(action);
        long ms = done.took().toMillis();
        Timer.builder(MetricCatalogue.REMEDIATION_ACTION_DURATION.meterName())
                .description(MetricCatalogue.REMEDIATION_ACTION_DURATION.help())
                .tag("action", label(action.type())).serviceLevelObjectives(ACTION_BUCKETS).register(registry)
                .record(done.took());
        switch (done.outcome()) {
            case EXECUTED -> {
                guardState = guardState.afterExecuted(action.type(), now, IDEMPOTENCY_MEMORY);
                recent.put(action.id(), now);
                if (action.type() == ActionType.ISOLATE) {
                    Deque<Instant> earlier = isolations.computeIfAbsent(action.node(), n -> new ArrayDeque<>());
                    earlier.removeIf(at -> at.isBefore(now.minus(Planner.RELAPSE_WINDOW)));
                    nodes.put(action.node(), new NodeStatus(action.node(), NodeState.ISOLATED, now, action.cause(), null,
                            earlier.size()));
                    earlier.add(now);
                } else if (action.type() == ActionType.RESTORE) {
                    nodes.put(action.node(), Planner.AS_STANDBY.equals(action.parameter(Planner.RESTORE_AS))
                            ? NodeStatus.standby(action.node(), now) : NodeStatus.serving(action.node(), now));
                } else if (action.type() == ActionType.PROMOTE_STANDBY) {
                    String standby = action.parameter(Planner.STANDBY);
                    nodes.put(standby, NodeStatus.serving(standby, now));
                }
                lastUnchangedOutcome.remove(key(action));
                record(AuditEntry.of(action, Outcome.EXECUTED, prefix + action.reason()
                        + (done.attempts() > 1 ? " (on try " + done.attempts() + ")" : ""), verdict, summary, ms, now),
                        recorded);
            }
            case NOT_APPLICABLE -> {
                // nothing here can do it: asking again every cycle would change nothing
                recent.put(action.id(), now);
                recordOnce(AuditEntry.of(action, Outcome.NOT_APPLICABLE, prefix + done.detail(), verdict, summary, null,
                        now), recorded);
            }
            default -> {
                String detail = done.detail();
                if (action.type() == ActionType.PROMOTE_STANDBY
                        && nodes.get(action.parameter(Planner.STANDBY)).state() == NodeState.STANDBY) {
                    // a standby that could not take over is not trusted with the next try: it is set aside
                    // like an isolated node and rejoins the reserve after the hold-down
                    String standby = action.parameter(Planner.STANDBY);
                    nodes.put(standby, new NodeStatus(standby, NodeState.ISOLATED, now, null, null));
                    detail += "; " + standby + " is set aside until it has been healthy for the hold-down";
                }
                recordOnce(AuditEntry.of(action, Outcome.FAILED, prefix + detail, verdict, summary, ms, now), recorded);
            }
        }
    }

    private void refused(PlannedAction action, Verdict verdict, String summary, Instant now, List<AuditEntry> recorded) {
        AuditEntry e = AuditEntry.of(action, verdict.deferred() ? Outcome.DEFERRED : Outcome.REFUSED, verdict.reason(),
                verdict.code(), summary, null, now);
        if (recordOnce(e, recorded)) {
            countRefusal(action, verdict);
        }
    }

    private void countRefusal(PlannedAction action, Verdict verdict) {
        Counter.builder(MetricCatalogue.REMEDIATION_REFUSALS.meterName())
                .description(MetricCatalogue.REMEDIATION_REFUSALS.help())
                .tag("action", label(action.type())).tag("reason", verdict.code())
                .register(registry).increment();
    }

    private PendingAction undecided(String id, Instant now) {
        PendingAction p = pending.undecided(id).orElseThrow(() -> new ApprovalRefusedException(
                ApprovalRefusedException.Kind.UNKNOWN, "no action " + id + " waits for approval: it was never"
                + " proposed or is decided already (./hearth actions list shows those waiting; ./hearth audit the"
                + " decisions)"));
        if (p.expired(now)) {
            List<AuditEntry> recorded = new ArrayList<>();
            expireApprovals(now, recorded);
            throw new ApprovalRefusedException(ApprovalRefusedException.Kind.EXPIRED, "action " + id + " ("
                    + describe(p.action()) + ") expired at " + p.expiresAt() + " without a decision; it is planned"
                    + " again if its finding still holds after the idempotency memory, or act by hand");
        }
        return p;
    }

    private static ApprovalRefusedException decidedAlready(String id) {
        return new ApprovalRefusedException(ApprovalRefusedException.Kind.DECIDED, "action " + id
                + " was decided by someone else a moment ago; ./hearth audit shows the decision");
    }

    private void expireApprovals(Instant now, List<AuditEntry> recorded) {
        for (PendingAction p : pending.expired(now)) {
            if (pending.decide(p.id(), Decision.EXPIRED, now)) {
                record(AuditEntry.of(p.action(), Outcome.EXPIRED, "nobody approved it before " + p.expiresAt(), null,
                        "approval of " + p.id(), null, now), recorded);
            }
        }
        waitingApprovals = pending.waiting(now).size();
    }

    private synchronized NodeState stateOf(String id) {
        return nodes.get(id).state();
    }

    private static String key(PlannedAction action) {
        return action.node() + "/" + action.type();
    }

    /** Records the entry unless the last one for this node and action type said the same; returns whether it did. */
    private boolean recordOnce(AuditEntry entry, List<AuditEntry> recorded) {
        String value = entry.outcome() + ":" + entry.reason();
        if (value.equals(lastUnchangedOutcome.put(entry.node() + "/" + entry.action(), value))) {
            return false;
        }
        record(entry, recorded);
        return true;
    }

    private void record(AuditEntry entry, List<AuditEntry> recorded) {
        Counter.builder(MetricCatalogue.REMEDIATION_ACTIONS.meterName())
                .description(MetricCatalogue.REMEDIATION_ACTIONS.help())
                .tag("action", label(entry.action()))
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

    private static String label(ActionType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(PlannedAction a) {
        return a.type().name().toLowerCase(Locale.ROOT).replace('_', ' ') + " " + a.node();
    }
}
