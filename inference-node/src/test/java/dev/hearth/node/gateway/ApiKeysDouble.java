package dev.hearth.node.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Test double of {@link ApiKeys}: a fixed map of keys to households, counting the look-ups. */
final class ApiKeysDouble implements ApiKeys {
    private final Map<String, Household> byKey = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile boolean broken;

    ApiKeysDouble with(String key, Household household) {
        byKey.put(key, household);
        return this;
    }

    /** From now on every look-up fails, as a store whose database is down would. */
    void breakDown() {
        broken = true;
    }

    int lookups() {
        return lookups.get();
    }

    @Override
    public Optional<Household> authenticate(String presentedKey) {
        lookups.incrementAndGet();
        if (broken) {
            throw new IllegalStateException("the key store is down");
        }
        return Optional.ofNullable(byKey.get(presentedKey));
    }
}
