package dev.hearth.remediation.tickets;

/** How far a ticket got towards the ticket webhook. */
public enum DeliveryStatus {
    /** Stored, not yet sent. */
    PENDING,
    /** The webhook answered 2xx. */
    DELIVERED,
    /** Every attempt so far failed; the ticket is kept and delivery is tried again. */
    FAILED
}
