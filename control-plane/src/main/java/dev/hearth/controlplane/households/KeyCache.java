package dev.hearth.controlplane.households;

import dev.hearth.node.gateway.Household;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Answers of key look-ups by the key's hash, so the gateway does not query the database per request.
 * Remembers unknown keys as well, so a client retrying a wrong key does not either. Cleared whenever
 * this process issues or replaces a key; entries expire after a while so that households changed by
 * another process sharing the database show up too.
 */
final class KeyCache {
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Bumped by every clear: an answer loaded before a clear must not be stored after it. */
    private final AtomicLong generation = new AtomicLong();

    private record Entry(Optional<Household> household, long loadedAtMillis) {
    }

    KeyCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /** The cached answer for {@code hash}, or what {@code load} answers (then cached). */
    Optional<Household> get(String hash, Function<String, Optional<Household>> load) {
        long now = clock.millis();
        Entry cached = entries.get(hash);
        if (cached != null && now - cached.loadedAtMillis() < ttl.toMillis() && now >= cached.loadedAtMillis()) {
            return cached.household();
        }
        long before = generation.get();
        Optional<Household> loaded = load.apply(hash);
        if (entries.size() >= maxEntries) {
            // a flood of made-up keys must not grow the heap; the real ones come back at their next use
            entries.clear();
        }
        entries.put(hash, new Entry(loaded, now));
        if (generation.get() != before) {
            entries.remove(hash);
        }
        return loaded;
    }

    void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
