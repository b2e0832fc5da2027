package dev.hearth.controlplane.prometheus;

import dev.hearth.controlplane.fleet.LocalFleet;
import dev.hearth.model.Topology;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a running fleet's metrics are served, and where each node sits: what a Prometheus for
 * that fleet is configured from.
 *
 * @param admin        the control plane's admin API ({@code /metrics}, {@code /metrics/readings})
 * @param gatewayAdmin the gateway's admin API ({@code /metrics})
 * @param nodes        each inference node's base URL ({@code /metrics}), by node id
 * @param topology     each node's household, building and spine, by node id
 */
public record FleetEndpoints(URI admin, URI gatewayAdmin, Map<String, URI> nodes, Map<String, Topology> topology) {
    public FleetEndpoints {
        for (String node : nodes.keySet()) {
            if (!topology.containsKey(node)) {
                throw new IllegalArgumentException("node " + node + " has no topology (household, building, spine):"
                        + " every scraped node needs one, or its series lack the labels the dashboards filter on");
            }
        }
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        topology = Map.copyOf(topology);
    }

    /** The endpoints of a local fleet that is up. */
    public static FleetEndpoints of(LocalFleet fleet) {
        return new FleetEndpoints(fleet.adminUri(), fleet.gatewayAdminUri(), fleet.nodeUris(), fleet.nodeTopology());
    }
}
