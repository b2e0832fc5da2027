package dev.hearth.controlplane.admin;

import dev.hearth.controlplane.households.IssuedKey;
import dev.hearth.controlplane.households.RegisteredHousehold;
import dev.hearth.node.gateway.Household;
import dev.hearth.node.households.HouseholdQuota;

/**
 * One household as {@code GET /api/households} lists it and {@code POST /api/households} answers.
 *
 * @param keyPrefix the key's first 8 characters, to tell keys apart
 * @param key       the whole key: in the answer to the POST that issued it, and in lists for the
 *                  households whose key this process holds (the local fleet's demo households);
 *                  null otherwise
 */
public record HouseholdView(String id, String name, String keyPrefix, String key, int tokensPerMinute,
                            int maxConcurrent, int maxKvBlocks, double weight) {

    public static HouseholdView of(RegisteredHousehold registered, String keyOrNull) {
        return of(registered.household(), registered.keyPrefix(), keyOrNull);
    }

    public static HouseholdView issued(IssuedKey issued) {
        return of(issued.household(), issued.keyPrefix(), issued.key());
    }

    private static HouseholdView of(Household h, String keyPrefix, String key) {
        HouseholdQuota q = h.quota();
        return new HouseholdView(h.id(), h.name(), keyPrefix, key, q.tokensPerMinute(), q.maxConcurrent(),
                q.maxKvBlocks(), q.weight());
    }

    /** Without the key, so that logging a view cannot leak it. */
    @Override
    public String toString() {
        return "HouseholdView[id=" + id + ", name=" + name + ", keyPrefix=" + keyPrefix + ", tokensPerMinute="
                + tokensPerMinute + ", maxConcurrent=" + maxConcurrent + ", maxKvBlocks=" + maxKvBlocks
                + ", weight=" + weight + "]";
    }
}
