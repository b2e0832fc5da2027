package dev.hearth.controlplane.households;

import dev.hearth.node.households.HouseholdQuota;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local fleet's two demo households, whose keys this process keeps in memory so that
 * {@code ./hearth households list} can show them: the store keeps only hashes, so a key cannot be
 * shown again later, and each start gives the demo households fresh keys instead.
 */
public final class DemoHouseholds {
    /**
     * Larger than a standard household's quotas, so that {@code ./hearth load} at a few dozen
     * requests a second spread over the two stays within them; birch weighs double, to show the
     * weighted share when requests queue.
     */
    private static final Map<String, HouseholdQuota> DEMO = demo();

    private final HouseholdStore store;
    private final Map<String, String> keysById = new ConcurrentHashMap<>();

    public DemoHouseholds(HouseholdStore store) {
        this.store = store;
    }

    private static Map<String, HouseholdQuota> demo() {
        Map<String, HouseholdQuota> m = new LinkedHashMap<>();
        m.put("demo-alder", new HouseholdQuota(120_000, 16, 256, 1.0));
        m.put("demo-birch", new HouseholdQuota(120_000, 16, 512, 2.0));
        return m;
    }

    public static List<String> names() {
        return List.copyOf(DEMO.keySet());
    }

    /**
     * Registers the demo households, or gives them fresh keys when an earlier run registered them
     * (their quotas then stay as stored).
     *
     * @return each demo household with the key it has now
     */
    public List<IssuedKey> ensure() {
        List<IssuedKey> issued = new ArrayList<>();
        for (Map.Entry<String, HouseholdQuota> demo : DEMO.entrySet()) {
            IssuedKey key = store.rotateKey(demo.getKey()).orElseGet(() -> {
                try {
                    return store.create(demo.getKey(), demo.getValue());
                } catch (HouseholdExistsException e) {
                    // registered in between by another process sharing the database
                    return store.rotateKey(demo.getKey()).orElseThrow(() -> e);
                }
            });
            keysById.put(key.household().id(), key.key());
            issued.add(key);
        }
        return issued;
    }

    /** The key of a demo household issued by this process; empty for every other household. */
    public Optional<String> keyOf(String householdId) {
        return Optional.ofNullable(keysById.get(householdId));
    }
}
