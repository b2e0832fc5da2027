package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;

import java.util.Map;
import java.util.Objects;

/**
 * One action the planner proposes.
 *
 * @param id         stable identity derived from what caused it (see {@link ActionIds}): the same finding
 *                   planned twice yields the same id, so it is acted on once
 * @param cause      the finding that calls for it; {@code null} for a restore or a follow-up, which no
 *                   finding of this cycle causes
 * @param reason     one line for the audit log and the status view
 * @param parameters what the backend needs beyond type and node (e.g. the standby to promote)
 */
public record PlannedAction(String id, ActionType type, String node, Finding cause, String reason,
                            Map<String, String> parameters) {
    public PlannedAction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** An action whose id is derived from its type, node and finding. */
    public PlannedAction(ActionType type, String node, Finding cause, String reason) {
        this(ActionIds.of(type, node, cause), type, node, cause, reason, Map.of());
    }

    public String parameter(String name) {
        return parameters.get(name);
    }
}
