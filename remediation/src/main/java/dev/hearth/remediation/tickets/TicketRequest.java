package dev.hearth.remediation.tickets;

import dev.hearth.model.Sample;
import dev.hearth.model.Severity;

import java.util.List;
import java.util.Objects;

/**
 * What a new work order says.
 *
 * @param faultKind   what one open ticket per node is kept for: the finding's kind for a repair,
 *                    {@link Ticket#REPLACEMENT} for a GPU replacement
 * @param findingKind the kind of the finding behind it; {@code null} when none was given
 */
public record TicketRequest(String node, String faultKind, String findingKind, Severity severity,
                            List<Sample> evidence, String summary) {
    public TicketRequest {
        requireText(node, "node");
        requireText(faultKind, "faultKind");
        Objects.requireNonNull(severity, "severity");
        evidence = List.copyOf(evidence);
        requireText(summary, "summary");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a ticket needs a " + name + ", got '" + value + "'");
        }
    }
}
