package dev.hearth.controlplane.fleet;

import dev.hearth.remediation.tickets.DeliveryReport;
import dev.hearth.remediation.tickets.Ticket;
import dev.hearth.remediation.tickets.TicketNotifier;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hands repair tickets to the operator of a local fleet: one line in the fleet's event stream (the
 * console of {@code hearth up}). The ticket itself is already stored in the ticket table; a fleet with
 * a work-order system sends it there through a webhook instead.
 */
final class ConsoleTicketNotifier implements TicketNotifier {
    private final Consumer<String> events;

    ConsoleTicketNotifier(Consumer<String> events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public DeliveryReport deliver(Ticket ticket) {
        events.accept("repair ticket #" + ticket.id() + " opened for " + ticket.node() + " (" + ticket.faultKind()
                + ", " + ticket.severity() + "): " + ticket.summary());
        return DeliveryReport.delivered(1);
    }
}
