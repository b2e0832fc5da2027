package dev.hearth.controlplane.households;

import dev.hearth.node.gateway.Household;

/**
 * A household with its API key in plain text: the one moment the key exists outside the client,
 * right after it was made. Only its hash is stored.
 */
public record IssuedKey(Household household, String key) {

    /** The key's first characters, as lists show it. */
    public String keyPrefix() {
        return HouseholdKeys.displayPrefix(key);
    }

    /** Without the key, so that logging this record cannot leak it. */
    @Override
    public String toString() {
        return "IssuedKey[household=" + household + ", key=" + keyPrefix() + "…]";
    }
}
