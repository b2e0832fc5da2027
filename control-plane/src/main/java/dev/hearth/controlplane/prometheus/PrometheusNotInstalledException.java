package dev.hearth.controlplane.prometheus;

/** No {@code prometheus} binary on the PATH; the message says how to install one. */
public final class PrometheusNotInstalledException extends RuntimeException {
    public PrometheusNotInstalledException(String message) {
        super(message);
    }
}
