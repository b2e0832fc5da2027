package dev.hearth.remediation.tickets;

/** Tells the people who do the work about a ticket. */
public interface TicketNotifier {

    /** Makes one bounded delivery round; never throws for a failed delivery, the report says why. */
    DeliveryReport deliver(Ticket ticket);
}
