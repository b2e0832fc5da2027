package dev.hearth.remediation.tickets;

import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Severity;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.FleetActuator;
import dev.hearth.remediation.PlannedAction;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Opens work orders: {@link ActionType#OPEN_REPAIR_TICKET} keyed on the finding's kind,
 * {@link ActionType#OPEN_REPLACEMENT_TICKET} keyed on {@value Ticket#REPLACEMENT}. Asking again for an open
 * ticket returns it rather than opening another.
 *
 * <p>The ticket is stored before anyone is told, so a webhook that is down never loses it. When delivery fails
 * the action fails with a message saying so; the next request for that ticket (remediation retries failed
 * actions) or {@link #retryUndelivered()} tries the delivery again. A delivered ticket is never sent twice.
 */
public final class TicketActuator implements FleetActuator {
    /** The action types to route here. */
    public static final Set<ActionType> HANDLED = Set.of(ActionType.OPEN_REPAIR_TICKET,
            ActionType.OPEN_REPLACEMENT_TICKET);
    /** Fault kind of a repair asked for without a finding (an operator's request). */
    static final String UNSPECIFIED = "unspecified";

    private final TicketDesk desk;
    private final TicketNotifier notifier;

    public TicketActuator(TicketDesk desk, TicketNotifier notifier) {
        this.desk = Objects.requireNonNull(desk, "desk");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    @Override
    public void execute(PlannedAction action) throws ActuationException {
        if (!HANDLED.contains(action.type())) {
            throw new IllegalArgumentException("TicketActuator carries out " + HANDLED + ", not " + action.type()
                    + " (node " + action.node() + "); route that type to its own actuator");
        }
        Ticket ticket;
        try {
            ticket = desk.open(request(action)).ticket();
        } catch (TicketStoreException e) {
            throw new ActuationException("cannot open a ticket for node " + action.node() + ": " + e.getMessage(), e);
        }
        if (ticket.delivery().status() != DeliveryStatus.DELIVERED) {
            deliver(ticket);
        }
    }

    /**
     * Tries every ticket not yet delivered once more, oldest first; for a periodic job.
     *
     * @return how many were delivered now
     */
    public int retryUndelivered() {
        int delivered = 0;
        for (Ticket ticket : desk.undelivered()) {
            try {
                deliver(ticket);
                delivered++;
            } catch (ActuationException e) {
                // recorded on the ticket; the next round tries it again
            }
        }
        return delivered;
    }

    private void deliver(Ticket ticket) throws ActuationException {
        DeliveryReport report = notifier.deliver(ticket);
        Ticket recorded;
        try {
            recorded = desk.recordDelivery(ticket.id(), report);
        } catch (TicketStoreException e) {
            throw new ActuationException("ticket #" + ticket.id() + " for node " + ticket.node() + " was "
                    + (report.delivered() ? "delivered" : "not delivered") + ", but recording that failed: "
                    + e.getMessage(), e);
        }
        if (!report.delivered()) {
            throw new ActuationException("ticket #" + ticket.id() + " (" + ticket.faultKind() + ") for node "
                    + ticket.node() + " is stored, but the webhook did not take it after "
                    + recorded.delivery().attempts() + " attempt(s) in all: " + report.error()
                    + "; it is delivered on the next request for it or the next retry of undelivered tickets", null);
        }
    }

    private static TicketRequest request(PlannedAction action) {
        Finding finding = action.cause();
        boolean replacement = action.type() == ActionType.OPEN_REPLACEMENT_TICKET;
        String findingKind = finding == null ? null : finding.kind();
        String faultKind = replacement ? Ticket.REPLACEMENT : findingKind == null ? UNSPECIFIED : findingKind;
        if (finding == null) {
            // no rule asked for it: an operator did, and the reason is all there is to go on
            return new TicketRequest(action.node(), faultKind, null, Severity.WARNING, List.of(), action.reason());
        }
        return new TicketRequest(action.node(), faultKind, findingKind, finding.severity(), finding.evidence(),
                finding.summary());
    }
}
