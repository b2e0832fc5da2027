package dev.hearth.remediation.tickets;

import dev.hearth.model.Sample;
import dev.hearth.model.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A work order for the people who repair or replace a household's hardware, as stored.
 *
 * @param faultKind   the finding's kind for a repair, {@value #REPLACEMENT} for a GPU replacement
 * @param findingKind the kind of the finding behind it; {@code null} when none was given
 * @param closedAt    {@code null} while open
 */
public record Ticket(long id, String node, String faultKind, String findingKind, Severity severity, Instant openedAt,
                     Instant closedAt, List<Sample> evidence, String summary, TicketState state, Delivery delivery) {
    /** The fault kind of every replacement ticket: one open replacement per node, whatever failed. */
    public static final String REPLACEMENT = "replacement";

    public Ticket {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(faultKind, "faultKind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(openedAt, "openedAt");
        evidence = List.copyOf(evidence);
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(delivery, "delivery");
    }

    public boolean isReplacement() {
        return REPLACEMENT.equals(faultKind);
    }
}
