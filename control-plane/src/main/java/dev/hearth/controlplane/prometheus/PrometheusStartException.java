package dev.hearth.controlplane.prometheus;

/** Prometheus did not start or did not become ready; the message says why and ends with its log. */
public final class PrometheusStartException extends RuntimeException {
    public PrometheusStartException(String message) {
        super(message);
    }
}
