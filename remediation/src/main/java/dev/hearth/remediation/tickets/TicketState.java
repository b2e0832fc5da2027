package dev.hearth.remediation.tickets;

/** Whether a work order still needs someone; only one ticket per node and fault kind is open at a time. */
public enum TicketState {
    OPEN, CLOSED
}
