package dev.hearth.controlplane.prometheus;

import java.time.Duration;

/**
 * How a Prometheus for a fleet runs.
 *
 * @param interval     scrape and rule evaluation interval (15 s, Prometheus's usual; tests use 1 s)
 * @param port         the port of its web UI and API on 127.0.0.1; 0 picks a free one
 * @param retention    how long it keeps samples ({@code --storage.tsdb.retention.time})
 * @param readyTimeout how long to wait for {@code /-/ready} (replaying a large data folder takes a while)
 * @param stopTimeout  how long it may take to stop on SIGTERM before it is killed
 */
public record PrometheusOptions(Duration interval, int port, Duration retention, Duration readyTimeout,
                                Duration stopTimeout) {
    public static final int DEFAULT_PORT = 9090;

    public PrometheusOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--prometheus-port " + port
                    + " is not a port: use 1-65535 (or 0 for any free port)");
        }
        if (retention.toMinutes() < 1) {
            throw new IllegalArgumentException("the Prometheus retention " + retention + " is too short: at least 1m");
        }
        if (readyTimeout.isNegative() || readyTimeout.isZero() || stopTimeout.isNegative() || stopTimeout.isZero()) {
            throw new IllegalArgumentException("the Prometheus start and stop timeouts must be positive, got "
                    + readyTimeout + " and " + stopTimeout);
        }
    }

    /** 15 s interval on port 9090, a day of samples, a minute to become ready, 10 s to stop. */
    public static PrometheusOptions defaults() {
        return new PrometheusOptions(Duration.ofSeconds(15), DEFAULT_PORT, Duration.ofDays(1), Duration.ofMinutes(1),
                Duration.ofSeconds(10));
    }

    public PrometheusOptions withInterval(Duration value) {
        return new PrometheusOptions(value, port, retention, readyTimeout, stopTimeout);
    }

    public PrometheusOptions withPort(int value) {
        return new PrometheusOptions(interval, value, retention, readyTimeout, stopTimeout);
    }
}
