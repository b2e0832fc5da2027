package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision of remediation, as the audit log keeps it: the action, its outcome and why, and the
 * finding behind it (rule, kind, severity, since when, evidence), all empty for a restore.
 */
public record AuditEntry(Instant at, String node, ActionType action, Outcome outcome, String reason,
                         String rule, String findingKind, Severity severity, Instant findingSince,
                         List<Sample> evidence) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        evidence = List.copyOf(evidence);
    }

    public static AuditEntry of(PlannedAction action, Outcome outcome, String reason, Instant at) {
        var f = action.cause();
        return f == null
                ? new AuditEntry(at, action.node(), action.type(), outcome, reason, null, null, null, null, List.of())
                : new AuditEntry(at, action.node(), action.type(), outcome, reason, f.rule(), f.kind(), f.severity(),
                f.since(), f.evidence());
    }
}
