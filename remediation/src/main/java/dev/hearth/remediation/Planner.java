package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.NodeState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns findings and the fleet's state into proposed actions. A pure function: no I/O, no clock of its
 * own, so every decision can be replayed from its inputs.
 */
public final class Planner {
    private final Duration holdDown;

    /** @param holdDown how long an isolated node must stay free of findings before it is restored */
    public Planner(Duration holdDown) {
        this.holdDown = holdDown;
    }

    public Duration holdDown() {
        return holdDown;
    }

    public List<PlannedAction> plan(List<Finding> findings, Map<String, NodeStatus> nodes, Instant now) {
        List<PlannedAction> plan = new ArrayList<>();
        Set<String> planned = new LinkedHashSet<>();
        // the most severe and oldest condition first, so guard limits spend themselves on what matters most
        List<Finding> ordered = findings.stream()
                .sorted(Comparator.comparing(Finding::severity).reversed().thenComparing(Finding::since))
                .toList();
        for (Finding f : ordered) {
            NodeStatus status = nodes.get(f.node());
            if (f.suggestedAction() == ActionType.ISOLATE && status != null
                    && status.state() == NodeState.SERVING && planned.add(f.node())) {
                plan.add(new PlannedAction(ActionType.ISOLATE, f.node(), f, f.summary()));
            }
        }
        for (NodeStatus status : nodes.values()) {
            if (status.state() == NodeState.ISOLATED && status.healthySince() != null
                    && !Duration.between(status.healthySince(), now).minus(holdDown).isNegative()) {
                plan.add(new PlannedAction(ActionType.RESTORE, status.node(), null,
                        "no finding for " + Duration.between(status.healthySince(), now).toSeconds()
                                + " s (hold-down " + holdDown.toSeconds() + " s)"));
            }
        }
        return plan;
    }
}
