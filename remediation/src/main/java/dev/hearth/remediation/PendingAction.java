package dev.hearth.remediation;

import java.time.Instant;
import java.util.Objects;

/** An action waiting for an operator's approval until {@code expiresAt}. */
public record PendingAction(PlannedAction action, Instant createdAt, Instant expiresAt) {
    public PendingAction {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public String id() {
        return action.id();
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
