package dev.hearth.node.gateway;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes behind the gateway and which of them receive traffic. Remediation flips a node's
 * routable flag; requests already on the node are not affected. Under a placement, the nodes are
 * those holding the model's first stage — they schedule requests over the rest of the pipeline.
 */
public final class RouteTable {
    private final Map<String, Route> routes = new LinkedHashMap<>();
    /** Smooth weighted round-robin: each node's running credit; the one with most goes first. */
    private final Map<String, Double> credit = new HashMap<>();
    private long placementVersion;

    public RouteTable(Map<String, URI> nodes) {
        nodes.forEach((node, uri) -> routes.put(node, new Route(node, uri, true)));
    }

    public synchronized List<Route> all() {
        return List.copyOf(routes.values());
    }

    /** @throws UnknownNodeException when the node is not in the table */
    public synchronized Route setRoutable(String node, boolean routable) {
        Route r = routes.get(node);
        if (r == null) {
            throw new UnknownNodeException(node, routes.keySet());
        }
        Route updated = r.withRoutable(routable);
        routes.put(node, updated);
        return updated;
    }

    /**
     * Adds a node (a promoted standby) or points a known one at a new address, keeping its weight.
     *
     * @throws IllegalArgumentException when the address is not an absolute http(s) URI
     */
    public synchronized Route put(String node, URI baseUri, boolean routable) {
        if (baseUri == null || !baseUri.isAbsolute() || baseUri.getHost() == null
                || !("http".equals(baseUri.getScheme()) || "https".equals(baseUri.getScheme()))) {
            throw new IllegalArgumentException("the address " + baseUri + " of " + node + " is not an absolute"
                    + " http(s) URI such as http://127.0.0.1:8080");
        }
        Route before = routes.get(node);
        Route route = new Route(node, baseUri, routable, before == null ? Route.DEFAULT_WEIGHT : before.weight());
        routes.put(node, route);
        return route;
    }

    /**
     * Sets the weights of the named nodes, all or none: the others keep theirs.
     *
     * @throws UnknownNodeException when a named node is not in the table
     * @throws IllegalArgumentException when a weight is out of range
     */
    public synchronized List<Route> setWeights(Map<String, Double> weights) {
        Map<String, Route> next = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : weights.entrySet()) {
            Route r = routes.get(e.getKey());
            if (r == null) {
                throw new UnknownNodeException(e.getKey(), routes.keySet());
            }
            next.put(e.getKey(), r.withWeight(e.getValue() == null ? Double.NaN : e.getValue()));
        }
        routes.putAll(next);
        return List.copyOf(routes.values());
    }

    /**
     * Routes to the nodes that hold layer 0 under {@code map}: nodes that stay keep their routable
     * flag (an isolated node stays isolated), new ones are routable, the others leave the table.
     * An older version than the one applied is ignored.
     *
     * @param apiUris each node's API base URI
     * @return whether the table changed to this version
     * @throws IllegalArgumentException naming a first-stage node whose URI was not given
     */
    public synchronized boolean applyPlacement(PlacementMap map, Map<String, URI> apiUris) {
        if (map.version() < placementVersion) {
            return false;
        }
        Map<String, Route> next = new LinkedHashMap<>();
        for (ShardPlacement p : map.shards()) {
            if (p.shard().kind() != ShardKind.STAGE || p.shard().firstLayer() != 0) {
                continue;
            }
            for (String node : p.nodes()) {
                URI uri = apiUris.get(node);
                if (uri == null) {
                    throw new IllegalArgumentException("placement " + map.version() + " gives " + node
                            + " the first stage, but no API address was given for it");
                }
                Route before = routes.get(node);
                next.put(node, new Route(node, uri, before == null || before.routable(),
                        before == null ? Route.DEFAULT_WEIGHT : before.weight()));
            }
        }
        routes.clear();
        routes.putAll(next);
        placementVersion = map.version();
        return true;
    }

    /** The placement version the table follows (0 before any). */
    public synchronized long placementVersion() {
        return placementVersion;
    }

    public synchronized int routableCount() {
        return (int) routes.values().stream().filter(Route::routable).count();
    }

    /**
     * The routable nodes in the order to try them for one request: first the node smooth weighted
     * round-robin picks (with equal weights, plain round-robin), then the others by weight as fall-backs.
     */
    public synchronized List<Route> attemptOrder() {
        List<Route> up = new ArrayList<>();
        double total = 0;
        for (Route r : routes.values()) {
            if (r.routable()) {
                up.add(r);
                total += r.weight();
            }
        }
        if (up.isEmpty()) {
            return up;
        }
        credit.keySet().retainAll(routes.keySet());
        Route first = null;
        double best = Double.NEGATIVE_INFINITY;
        for (Route r : up) {
            double c = credit.getOrDefault(r.node(), 0.0) + r.weight();
            credit.put(r.node(), c);
            if (c > best) {
                best = c;
                first = r;
            }
        }
        credit.put(first.node(), best - total);
        List<Route> order = new ArrayList<>(up.size());
        order.add(first);
        Route chosen = first;
        up.stream().filter(r -> r != chosen).sorted(Comparator.comparingDouble(Route::weight).reversed())
                .forEach(order::add);
        return order;
    }
}
