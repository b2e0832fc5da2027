package dev.hearth.remediation.tickets;

/**
 * The outcome of one delivery round (one or more attempts).
 *
 * @param error why the last attempt failed; {@code null} when delivered
 */
public record DeliveryReport(boolean delivered, int attempts, String error) {
    public DeliveryReport {
        if (attempts < 1) {
            throw new IllegalArgumentException("a delivery round makes at least one attempt, not " + attempts);
        }
        if (!delivered && (error == null || error.isBlank())) {
            throw new IllegalArgumentException("a failed delivery needs the reason it failed");
        }
    }

    public static DeliveryReport delivered(int attempts) {
        return new DeliveryReport(true, attempts, null);
    }

    public static DeliveryReport failed(int attempts, String error) {
        return new DeliveryReport(false, attempts, error);
    }
}
