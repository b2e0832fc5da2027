package dev.hearth.node.gateway;

import dev.hearth.node.households.HouseholdQuota;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A household the fleet serves, as the gateway knows it once its API key checked out.
 *
 * @param id    stable identity; forwarded to nodes in a header, so letters, digits, '.', '_' and '-' only
 * @param name  what operators call it, e.g. {@code maple-street-12}
 * @param quota what it may use
 */
public record Household(String id, String name, HouseholdQuota quota) {
    private static final Pattern HEADER_SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public Household {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(quota, "quota");
        if (id == null || !HEADER_SAFE.matcher(id).matches()) {
            throw new IllegalArgumentException("household id '" + id
                    + "' must be 1 to 64 letters, digits, '.', '_' or '-' (it travels in an HTTP header)");
        }
    }
}
