package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;

import java.util.Objects;

/**
 * One action the planner proposes.
 *
 * @param cause  the finding that calls for it; {@code null} for a restore, which no finding causes
 * @param reason one line for the audit log and the status view
 */
public record PlannedAction(ActionType type, String node, Finding cause, String reason) {
    public PlannedAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
    }
}
