package dev.hearth.remediation;

import java.util.List;
import java.util.stream.Collectors;

/** What the planner proposes for one evaluation, in the order to try it. */
public record Plan(List<PlannedAction> actions) {
    public Plan {
        actions = List.copyOf(actions);
    }

    /** One line for the audit log: each action's type and node. */
    public String summary() {
        return actions.isEmpty() ? "nothing to do" : actions.stream()
                .map(a -> a.type().name().toLowerCase(java.util.Locale.ROOT) + " " + a.node())
                .collect(Collectors.joining(", "));
    }
}
