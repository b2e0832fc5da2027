package dev.hearth.remediation;

import dev.hearth.model.ActionType;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision of remediation, as the audit log keeps it: the action and its id, its outcome and why
 * (the result), the guard's verdict, the plan it was part of, how long the backend took, and the
 * finding behind it (rule, kind, severity, since when, evidence), all empty for a restore.
 *
 * @param verdict    the guard's verdict code ({@code within-limits}, {@code breaker}, …); {@code null} for
 *                   decisions the guard had no part in (an operator's rejection, an expiry)
 * @param plan       the cycle's plan in one line
 * @param durationMs time the backend took, retries included; {@code null} when nothing was sent
 */
public record AuditEntry(Instant at, String actionId, String node, ActionType action, Outcome outcome, String reason,
                         String verdict, String plan, Long durationMs, String rule, String findingKind,
                         Severity severity, Instant findingSince, List<Sample> evidence) {
    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        evidence = List.copyOf(evidence);
    }

    public static AuditEntry of(PlannedAction action, Outcome outcome, String reason, Instant at) {
        return of(action, outcome, reason, null, null, null, at);
    }

    public static AuditEntry of(PlannedAction action, Outcome outcome, String reason, String verdict, String plan,
                                Long durationMs, Instant at) {
        var f = action.cause();
        return f == null
                ? new AuditEntry(at, action.id(), action.node(), action.type(), outcome, reason, verdict, plan,
                durationMs, null, null, null, null, List.of())
                : new AuditEntry(at, action.id(), action.node(), action.type(), outcome, reason, verdict, plan,
                durationMs, f.rule(), f.kind(), f.severity(), f.since(), f.evidence());
    }
}
