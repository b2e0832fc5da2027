package dev.hearth.rules.fleet;

/**
 * The fleet's service level objectives as the gateway measures them.
 *
 * @param availability            share of requests that must not fail on the fleet's side, e.g. 0.9995
 * @param latency                 share of requests that must finish within {@code latencyThresholdSeconds}
 * @param latencyThresholdSeconds a bucket bound of the gateway's request-duration histogram, e.g. 0.6
 */
public record SloSpec(double availability, double latency, double latencyThresholdSeconds) {
    public SloSpec {
        for (double objective : new double[] {availability, latency}) {
            if (!(objective > 0 && objective < 1)) {
                throw new IllegalArgumentException("SLO objective " + objective
                        + " must lie strictly between 0 and 1, e.g. 0.9995");
            }
        }
        if (!(latencyThresholdSeconds > 0)) {
            throw new IllegalArgumentException("latency threshold " + latencyThresholdSeconds
                    + " s must be positive, e.g. 0.6");
        }
    }

    public static SloSpec defaults() {
        return new SloSpec(0.9995, 0.99, 0.6);
    }
}
