package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.NodeState;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Refuses actions that could make things worse: isolating more than a share of the fleet, or
 * isolating faster than a rate limit allows (a burst of isolations means a fleet-wide cause that
 * isolating cannot fix). Restores are always allowed: they only add capacity.
 */
public final class Guard {
    private final GuardPolicy policy;
    private final Deque<Instant> isolations = new ArrayDeque<>();

    public Guard(GuardPolicy policy) {
        this.policy = policy;
    }

    public Verdict check(PlannedAction action, Map<String, NodeStatus> nodes, Instant now) {
        if (action.type() != ActionType.ISOLATE) {
            return Verdict.allow();
        }
        int total = nodes.size();
        long isolated = nodes.values().stream().filter(n -> n.state() == NodeState.ISOLATED).count();
        int maxIsolated = (int) Math.floor(policy.maxIsolatedShare() * total);
        if (isolated + 1 > maxIsolated) {
            return Verdict.refuse("isolating " + action.node() + " would isolate " + (isolated + 1) + " of " + total
                    + " nodes; at most " + maxIsolated + " (" + Math.round(policy.maxIsolatedShare() * 100)
                    + " %) may be isolated at once");
        }
        forgetBefore(now.minus(policy.window()));
        if (isolations.size() >= policy.maxIsolationsPerWindow()) {
            return Verdict.refuse(isolations.size() + " isolations in the last " + policy.window().toMinutes()
                    + " min already; the limit is " + policy.maxIsolationsPerWindow());
        }
        return Verdict.allow();
    }

    /** Counts an executed action against the rate limit. */
    public void executed(PlannedAction action, Instant at) {
        if (action.type() == ActionType.ISOLATE) {
            isolations.addLast(at);
        }
    }

    private void forgetBefore(Instant cutoff) {
        while (!isolations.isEmpty() && isolations.peekFirst().isBefore(cutoff)) {
            isolations.removeFirst();
        }
    }
}
