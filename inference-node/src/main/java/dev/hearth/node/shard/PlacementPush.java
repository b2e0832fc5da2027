package dev.hearth.node.shard;

import dev.hearth.model.placement.PlacementMap;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

/**
 * A placement as the control plane pushes it to a node: the map, where every node's shard server
 * listens ({@code host:port}, so the node can reach the peers holding its experts), and whether
 * this is the prepare half of a change: a prepared node loads what the new version gives it but
 * keeps serving what the old one did, until the commit push — so traffic routed by either version
 * finds its shards while the schedulers switch.
 */
public record PlacementPush(PlacementMap placement, Map<String, String> addresses, boolean prepare) {

    public PlacementPush {
        addresses = Map.copyOf(addresses);
    }

    /** A push that takes effect at once: the node drops what the placement no longer gives it. */
    public PlacementPush(PlacementMap placement, Map<String, String> addresses) {
        this(placement, addresses, false);
    }

    /** The addresses, parsed; a malformed one is named. */
    public Map<String, InetSocketAddress> socketAddresses() {
        Map<String, InetSocketAddress> parsed = new TreeMap<>();
        addresses.forEach((node, text) -> {
            int colon = text.lastIndexOf(':');
            try {
                parsed.put(node, new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1))));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("node " + node + "'s address \"" + text + "\" is not HOST:PORT");
            }
        });
        return parsed;
    }
}
