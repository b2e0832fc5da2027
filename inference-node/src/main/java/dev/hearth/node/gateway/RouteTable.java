package dev.hearth.node.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The nodes behind the gateway and which of them receive traffic. Remediation flips a node's
 * routable flag; requests already on the node are not affected.
 */
public final class RouteTable {
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final AtomicInteger cursor = new AtomicInteger();

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
