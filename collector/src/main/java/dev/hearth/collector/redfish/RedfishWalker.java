package dev.hearth.collector.redfish;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.CollectException;
import dev.hearth.model.Sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks one BMC's Redfish tree and turns it into samples: ServiceRoot → {@code Chassis} collection → each
 * chassis's thermal and power resources (see {@link Origin} for which of the old and new ones), and
 * ServiceRoot → {@code Systems} → each system's {@code Processors} for the health of CPUs and GPUs.
 *
 * <p>Readings are normalised: °C, RPM, a ratio 0..1 for percentages, W. A reading that is null or absent
 * (a sensor disabled or absent) is skipped, not stored as zero. A {@code chassis} label with the chassis
 * Id is added to readings only when the BMC reports more than one chassis, so that the usual
 * single-chassis node keeps the label set the catalogue lists. Every Status met becomes a
 * {@code hearth_bmc_health} sample (see {@link RedfishMetrics}).
 *
 * <p>A walk is all or nothing: any error (unreachable, timeout, a reply that is too large, invalid JSON,
 * a field of the wrong type or unit, a link or redirect to another host, too many resources) ends it with
 * a {@link CollectException} that names the URL and the reason, and no sample of that walk is returned.
 * {@link RedfishLimits} bounds its time, size and number of requests.
 *
 * <p>One walker belongs to one BMC and holds its session, if any: {@link #close()} logs out.
 */
public final class RedfishWalker implements AutoCloseable {
    private final String node;
    private final RedfishClient client;
    private final RedfishLimits limits;

    public RedfishWalker(String node, URI serviceRoot, HttpClient http, ObjectMapper json, RedfishAuth auth,
                         RedfishLimits limits) {
        this.node = Objects.requireNonNull(node, "node");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.client = new RedfishClient(new BmcAddress(serviceRoot), http, json, auth, limits);
    }

    public URI serviceRoot() {
        return client.bmc().serviceRoot();
    }

    /** Walks the BMC once; every sample carries {@code at}. */
    public RedfishWalkResult walk(Instant at) throws CollectException {
        Objects.requireNonNull(at, "at");
        URI serviceRoot = serviceRoot();
        WalkBudget budget = new WalkBudget(serviceRoot, limits);
        Walk walk = new Walk(client, budget);

        Resource root = walk.fetch(serviceRoot);
        client.openSessionIfNeeded(root, budget);
        URI chassisCollection = root.requiredLink("Chassis");
        List<URI> chassisUrls = walk.fetch(chassisCollection).members();
        List<ChassisReport> chassis = new ArrayList<>();
        for (URI url : chassisUrls) {
            chassis.add(ChassisReader.read(walk, url));
        }
        Optional<URI> systems = root.link("Systems");
        List<Health> systemHealth = systems.isPresent() ? SystemsReader.read(walk, systems.get()) : List.of();

        List<String> notes = new ArrayList<>();
        if (chassisUrls.isEmpty()) {
            notes.add(chassisCollection.getRawPath() + " lists no chassis");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, Health> health = new LinkedHashMap<>();
        for (ChassisReport report : chassis) {
            notes.add(report.note());
            for (Reading r : report.readings()) {
                Map<String, String> labels = new HashMap<>(r.labels());
                if (chassis.size() > 1) {
                    labels.put("chassis", report.id());
                }
                samples.add(new Sample(at, node, r.metric(), labels, r.value()));
            }
            report.health().forEach(h -> health.putIfAbsent(h.resource(), h));
        }
        systemHealth.forEach(h -> health.putIfAbsent(h.resource(), h));
        for (Health h : health.values()) {
            samples.add(new Sample(at, node, RedfishMetrics.HEALTH.name(), Map.of("resource", h.resource(),
                    "name", h.name(), "component", h.component(), "health", h.status().health(),
                    "state", h.status().state()), 1));
        }
        return new RedfishWalkResult(samples, notes, budget.requests());
    }

    /** Logs out of the BMC's session, if one is open. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "RedfishWalker[" + node + " " + serviceRoot() + "]";
    }
}
