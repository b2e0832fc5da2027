package dev.hearth.node.gateway;

import java.util.Optional;

/**
 * How the gateway learns whose request it is. The gateway owns this interface; the control plane's
 * household store implements it.
 */
@FunctionalInterface
public interface ApiKeys {
    /**
     * Open access: a gateway given this asks for no key, enforces no quotas and names no household
     * to the nodes. For tests and single-user runs; the gateway recognises it by identity.
     */
    ApiKeys NONE = presentedKey -> Optional.empty();

    /**
     * @param presentedKey the bearer token exactly as the client sent it; not null or blank, but
     *                     otherwise untrusted (any length, any characters)
     * @return the household the key belongs to; empty when it belongs to none
     */
    Optional<Household> authenticate(String presentedKey);
}
