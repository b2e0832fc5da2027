package dev.hearth.controlplane.households;

import dev.hearth.node.gateway.Household;

import java.time.Instant;

/** A household as the store holds it: no key, only the key's first characters for display. */
public record RegisteredHousehold(Household household, String keyPrefix, Instant createdAt) {
}
