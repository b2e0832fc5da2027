package dev.hearth.node.tokenizer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used map, synchronized because one tokenizer serves concurrent requests.
 * Encoding is dominated by words that recur, so a few thousand entries save most of the merging.
 */
final class LruCache<K, V> {
    private final Map<K, V> map;

    LruCache(int capacity) {
        this.map = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(K key) {
        return map.get(key);
    }

    synchronized void put(K key, V value) {
        map.put(key, value);
    }
}
