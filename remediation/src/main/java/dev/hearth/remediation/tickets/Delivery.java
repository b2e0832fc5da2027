package dev.hearth.remediation.tickets;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a ticket's delivery to the webhook stands.
 *
 * @param attempts    all attempts so far, over every delivery round
 * @param lastError   why the latest failed attempt failed; {@code null} once delivered or before any attempt
 * @param deliveredAt when the webhook accepted it; {@code null} until then
 */
public record Delivery(DeliveryStatus status, int attempts, String lastError, Instant deliveredAt) {
    public Delivery {
        Objects.requireNonNull(status, "status");
        if (attempts < 0) {
            throw new IllegalArgumentException("delivery attempts cannot be negative: " + attempts);
        }
    }
}
