package dev.hearth.node.gateway;

import java.net.URI;

/** A node the gateway can send requests to, and whether it currently does. */
public record Route(String node, URI baseUri, boolean routable) {
}
