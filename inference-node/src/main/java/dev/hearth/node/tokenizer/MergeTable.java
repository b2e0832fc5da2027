package dev.hearth.node.tokenizer;

import java.util.Arrays;

/**
 * The merges of a BPE model: (left id, right id) → (rank, merged id), in open-addressed arrays
 * because a DeepSeek-V3 vocabulary has about 127,000 merges and a boxed map would cost several
 * objects per entry and per lookup.
 */
final class MergeTable {
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ranks;
    private final int[] mergedIds;
    private final int mask;
    private int size;

    MergeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        ranks = new int[capacity];
        mergedIds = new int[capacity];
        mask = capacity - 1;
    }

    /** Adds a merge unless the pair has one already; the earlier (lower-ranked) merge is kept. */
    boolean add(int left, int right, int rank, int mergedId) {
        if (size * 2 >= keys.length) {
            throw new IllegalStateException("merge table sized for fewer merges");
        }
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ranks[slot] = rank;
        mergedIds[slot] = mergedId;
        size++;
        return true;
    }

    /** The slot holding the pair's merge, or -1 when the pair does not merge. */
    int find(int left, int right) {
        long key = key(left, right);
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    int rank(int slot) {
        return ranks[slot];
    }

    int mergedId(int slot) {
        return mergedIds[slot];
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
