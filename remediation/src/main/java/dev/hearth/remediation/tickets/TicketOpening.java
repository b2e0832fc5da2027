package dev.hearth.remediation.tickets;

/**
 * The answer to a request for a ticket.
 *
 * @param created {@code false} when the node already had an open ticket for that fault kind, which is returned
 */
public record TicketOpening(Ticket ticket, boolean created) {
}
