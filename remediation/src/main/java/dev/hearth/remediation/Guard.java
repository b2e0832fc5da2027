package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.NodeState;
import dev.hearth.model.placement.ShardPlacement;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Refuses or defers actions that could make things worse. Pure: given the action, the fleet's view,
 * the guard's state and the time, the verdict is always the same.
 * <ul>
 *   <li>nodes the fleet does not know, and actions on nodes already in the state they would bring;</li>
 *   <li>isolating while the breaker is tripped, below a shard's replication (N+2 keeps at least
 *       replication − 2 copies serving), beyond the isolated share, or beyond K isolations within the
 *       window — that last one trips the breaker, which stays tripped until an operator resets it,
 *       because a burst of isolations means a fleet-wide cause that isolating cannot fix;</li>
 *   <li>actions expected to spend more error budget than is left;</li>
 *   <li>actions over their type's rate limit are deferred, not refused.</li>
 * </ul>
 * Restores only add capacity: they pass every limit.
 */
public final class Guard {
    /** Actions that take capacity away or disturb serving: the breaker blocks them all while tripped. */
    private static final Set<ActionType> DISRUPTIVE = EnumSet.of(ActionType.ISOLATE, ActionType.PROMOTE_STANDBY,
            ActionType.RESCHEDULE_SHARDS, ActionType.RESTART_SERVICE, ActionType.SET_POWER_STATE);

    private final GuardPolicy policy;

    public Guard(GuardPolicy policy) {
        this.policy = policy;
    }

    public GuardPolicy policy() {
        return policy;
    }

    public Verdict check(PlannedAction action, FleetView view, GuardState state, Instant now) {
        String node = action.node();
        if (!view.knows(node)) {
            return Verdict.refuse("unknown-node", node + " is not a node of this fleet (it has " + view.nodes().size()
                    + ": " + String.join(", ", view.nodes().keySet()) + "); the finding is recorded, nothing is done");
        }
        NodeStatus status = view.nodes().get(node);
        if (action.type() == ActionType.RESTORE) {
            return status != null && status.state() != NodeState.ISOLATED
                    ? Verdict.refuse("already-in-state", node + " is " + status.state().name().toLowerCase(
                            java.util.Locale.ROOT) + " already (since " + status.since() + "): only an isolated node"
                            + " is restored")
                    : Verdict.allow();
        }
        if (action.type() == ActionType.PROMOTE_STANDBY) {
            Verdict v = promotion(action, view);
            if (!v.allowed()) {
                return v;
            }
        }
        if (action.type() == ActionType.ISOLATE && status != null && status.state() == NodeState.ISOLATED) {
            return Verdict.refuse("already-in-state", node + " is isolated already (since " + status.since() + ")");
        }
        if (DISRUPTIVE.contains(action.type()) && state.breaker().tripped()) {
            return Verdict.refuse("breaker", "the isolation breaker tripped at " + state.breaker().trippedAt() + " ("
                    + state.breaker().reason() + ") and blocks " + name(action.type())
                    + " until an operator resets it: ./hearth breaker reset");
        }
        if (action.type() == ActionType.ISOLATE) {
            Verdict v = isolation(action, view, state, now);
            if (!v.allowed()) {
                return v;
            }
        }
        double cost = policy.costOf(action.type());
        if (cost > 0 && view.errorBudgetLeft() != null && cost > view.errorBudgetLeft()) {
            return Verdict.refuse("error-budget", String.format(java.util.Locale.ROOT,
                    "%s of %s is expected to spend %.1f %% of the error budget; %.1f %% is left", name(action.type()),
                    node, cost * 100, Math.max(0, view.errorBudgetLeft()) * 100));
        }
        RateLimit limit = policy.rateLimits().get(action.type());
        if (limit != null) {
            int done = state.countSince(action.type(), now, limit.per());
            if (done >= limit.max()) {
                return Verdict.defer("rate-limit", done + " " + name(action.type()) + " actions in the last "
                        + limit.per().toSeconds() + " s already; the limit is " + limit.max() + "; deferred until "
                        + state.oldestSince(action.type(), now, limit.per()).plus(limit.per()));
            }
        }
        return Verdict.allow();
    }

    /** A promotion needs a standby that is in reserve now, for a node that is out of service. */
    private static Verdict promotion(PlannedAction action, FleetView view) {
        String standby = action.parameter(Planner.STANDBY);
        NodeStatus s = standby == null ? null : view.nodes().get(standby);
        if (s == null) {
            return Verdict.refuse("standby-unavailable", "promoting a standby for " + action.node() + " needs a"
                    + " standby of this fleet; " + (standby == null ? "none was named" : standby + " is not one"));
        }
        if (s.state() != NodeState.STANDBY) {
            return Verdict.refuse("standby-unavailable", standby + " is " + s.state().name().toLowerCase(
                    java.util.Locale.ROOT) + " since " + s.since() + ", not in reserve: it cannot take "
                    + action.node() + "'s shards");
        }
        if (!view.isolated(action.node())) {
            return Verdict.refuse("already-in-state", action.node() + " is not isolated: its shards need no standby");
        }
        return Verdict.allow();
    }

    private Verdict isolation(PlannedAction action, FleetView view, GuardState state, Instant now) {
        String node = action.node();
        // standbys carry no traffic: the isolated share is of the nodes in service
        int total = (int) view.nodes().values().stream().filter(s -> s.state() != NodeState.STANDBY).count();
        long isolated = view.isolatedCount();
        for (ShardPlacement p : view.shardsOn(node)) {
            int keep = Math.max(1, p.nodes().size() - policy.spareReplicas());
            long serving = p.nodes().stream().filter(n -> !n.equals(node) && !view.isolated(n)).count();
            if (serving < keep) {
                return Verdict.refuse("replication", "isolating " + node + " would leave shard " + p.shard().id()
                        + " with " + serving + " of " + p.nodes().size() + " replicas serving; it keeps at least "
                        + keep + " (" + p.nodes().size() + " replicas − " + policy.spareReplicas() + " spares)");
            }
        }
        int maxIsolated = (int) Math.floor(policy.maxIsolatedShare() * total);
        if (isolated + 1 > maxIsolated) {
            return Verdict.refuse("max-share", "isolating " + node + " would isolate " + (isolated + 1) + " of " + total
                    + " nodes; at most " + maxIsolated + " (" + Math.round(policy.maxIsolatedShare() * 100)
                    + " %) may be isolated at once");
        }
        int recent = state.countSince(ActionType.ISOLATE, now, policy.window());
        if (recent >= policy.maxIsolationsPerWindow()) {
            return Verdict.trip(recent + " isolations in the last " + policy.window().toSeconds() + " s already; the"
                    + " limit is " + policy.maxIsolationsPerWindow() + ": the breaker trips and blocks isolations"
                    + " until an operator resets it (./hearth breaker reset)");
        }
        return Verdict.allow();
    }

    private static String name(ActionType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
