package dev.hearth.node.gateway;

import java.net.URI;

/**
 * A node the gateway can send requests to, whether it currently does, and its weight: a node of
 * weight 2 gets twice the first tries of a node of weight 1 (remediation lowers the weight of a
 * node that runs slow or hot rather than isolating it).
 */
public record Route(String node, URI baseUri, boolean routable, double weight) {
    /** The weight every node starts with. */
    public static final double DEFAULT_WEIGHT = 1.0;
    /** The largest weight a node may be given: beyond it one node would take nearly all traffic. */
    public static final double MAX_WEIGHT = 100.0;

    public Route {
        if (!(weight > 0 && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException("the weight " + weight + " of " + node + " is out of range: give a"
                    + " number above 0 and at most " + MAX_WEIGHT + " (isolate a node to stop routing to it)");
        }
    }

    public Route(String node, URI baseUri, boolean routable) {
        this(node, baseUri, routable, DEFAULT_WEIGHT);
    }

    Route withRoutable(boolean next) {
        return new Route(node, baseUri, next, weight);
    }

    Route withWeight(double next) {
        return new Route(node, baseUri, routable, next);
    }
}
