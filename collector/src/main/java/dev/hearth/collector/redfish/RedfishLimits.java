package dev.hearth.collector.redfish;

import java.time.Duration;
import java.util.Objects;

/**
 * What one walk of one BMC may cost. A BMC is a small embedded computer that can be slow, hang, or (if
 * compromised or broken) answer with endless documents or links; these bounds keep one such BMC from
 * holding a collector thread or its memory.
 *
 * @param requestTimeout longest wait for one answer (headers and body)
 * @param walkTimeout    longest wait for the whole walk, so a BMC answering each request just in time
 *                       cannot hold a collection for (number of resources × request timeout)
 * @param maxBodyBytes   largest response body read; a larger one fails the walk
 * @param maxResources   most requests one walk sends (redirects and the session login included)
 */
public record RedfishLimits(Duration requestTimeout, Duration walkTimeout, int maxBodyBytes, int maxResources) {
    /** 4 MiB: a large Redfish resource (a SensorCollection expanded, a big MessageRegistry) stays under 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
    /** Enough for a multi-node chassis with a Sensors collection per chassis; far below "walk forever". */
    public static final int DEFAULT_MAX_RESOURCES = 500;

    public RedfishLimits {
        requirePositive(requestTimeout, "request timeout");
        requirePositive(walkTimeout, "walk timeout");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes is " + maxBodyBytes + "; it must be at least 1, e.g. "
                    + DEFAULT_MAX_BODY_BYTES);
        }
        if (maxResources < 1) {
            throw new IllegalArgumentException("maxResources is " + maxResources + "; it must be at least 1, e.g. "
                    + DEFAULT_MAX_RESOURCES);
        }
    }

    /** 5 s per request, 20 s per walk, 4 MiB per body, 500 requests per walk. */
    public static RedfishLimits defaults() {
        return new RedfishLimits(Duration.ofSeconds(5), Duration.ofSeconds(20), DEFAULT_MAX_BODY_BYTES,
                DEFAULT_MAX_RESOURCES);
    }

    /** The default size limits with one timeout bounding both each request and the whole walk. */
    public static RedfishLimits withTimeout(Duration timeout) {
        RedfishLimits d = defaults();
        return new RedfishLimits(timeout, timeout, d.maxBodyBytes, d.maxResources);
    }

    public RedfishLimits withMaxBodyBytes(int bytes) {
        return new RedfishLimits(requestTimeout, walkTimeout, bytes, maxResources);
    }

    public RedfishLimits withMaxResources(int resources) {
        return new RedfishLimits(requestTimeout, walkTimeout, maxBodyBytes, resources);
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("Redfish " + what + " " + d + " must be positive, e.g. PT5S");
        }
    }
}
