package dev.hearth.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.redfish.RedfishAuth;
import dev.hearth.collector.redfish.RedfishLimits;
import dev.hearth.collector.redfish.RedfishWalker;
import dev.hearth.model.Sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Reads a node's BMC over Redfish (kind {@code "bmc"}) with a {@link RedfishWalker}: temperatures, fan
 * speeds and power from each chassis (the deprecated Thermal and Power resources or the newer
 * ThermalSubsystem, PowerSubsystem, EnvironmentMetrics and Sensors, preferring the newer), and the health
 * of chassis, systems, processors and GPUs.
 *
 * <p>A collection is all or nothing: when anything in the walk is wrong, {@link #collect(Instant)}
 * throws a {@link CollectException} naming the URL and the reason and returns no sample of that walk.
 *
 * <p>With session authentication the session is kept between collections; {@link #close()} ends it.
 */
public final class RedfishSource implements Source, AutoCloseable {
    private final String node;
    private final URI serviceRoot;
    private final RedfishWalker walker;

    /**
     * A BMC without credentials (as the local fleet's simulated ones), where {@code timeout} bounds the
     * whole walk, not each request, so one slow BMC cannot hold a collection for (number of resources ×
     * timeout).
     */
    public RedfishSource(String node, URI serviceRoot, HttpClient http, ObjectMapper json, Duration timeout) {
        this(node, serviceRoot, http, json, RedfishAuth.none(), limitsFor(timeout, serviceRoot));
    }

    public RedfishSource(String node, URI serviceRoot, HttpClient http, ObjectMapper json, RedfishAuth auth,
                         RedfishLimits limits) {
        this.node = Objects.requireNonNull(node, "node");
        this.serviceRoot = Objects.requireNonNull(serviceRoot, "serviceRoot");
        this.walker = new RedfishWalker(node, serviceRoot, http, json, auth, limits);
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "bmc";
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        return walker.walk(at).samples();
    }

    /** Logs out of the BMC's Redfish session, if one is open. */
    @Override
    public void close() {
        walker.close();
    }

    @Override
    public String toString() {
        return "RedfishSource[" + node + " " + serviceRoot + "]";
    }

    private static RedfishLimits limitsFor(Duration timeout, URI serviceRoot) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Redfish timeout " + timeout + " for " + serviceRoot
                    + " must be positive, e.g. PT5S");
        }
        return RedfishLimits.withTimeout(timeout);
    }
}
