package dev.hearth.node.gateway;

import dev.hearth.model.placement.PlacementMap;
import dev.hearth.model.placement.ShardKind;
import dev.hearth.model.placement.ShardPlacement;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nodes behind the gateway and which of them receive traffic. Remediation flips a node's
 * routable flag; requests already on the node are not affected. Under a placement, the nodes are
 * those holding the model's first stage — they schedule requests over the rest of the pipeline.
 */
public final class RouteTable {
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final AtomicInteger cursor = new AtomicInteger();
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
        Route updated = new Route(node, r.baseUri(), routable);
        routes.put(node, updated);
        return updated;
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
                next.put(node, new Route(node, uri, before == null || before.routable()));
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
     * The routable nodes in the order to try them for one request: round-robin start, then the
     * others as fall-backs.
     */
    public synchronized List<Route> attemptOrder() {
        List<Route> up = new ArrayList<>();
        for (Route r : routes.values()) {
            if (r.routable()) {
                up.add(r);
            }
        }
        if (up.isEmpty()) {
            return up;
        }
        int start = Math.floorMod(cursor.getAndIncrement(), up.size());
        List<Route> order = new ArrayList<>(up.size());
        for (int i = 0; i < up.size(); i++) {
            order.add(up.get((start + i) % up.size()));
        }
        return order;
    }
}
