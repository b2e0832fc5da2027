package dev.hearth.node.tokenizer;

import java.util.Arrays;
import java.util.Map;

/**
 * The BPE model of a tokenizer.json: a pre-token is split into its characters, each looked up in the
 * vocabulary, and adjacent symbols are merged lowest merge rank first (leftmost first among equal
 * ranks) until no adjacent pair has a merge. A heap of candidate merges keeps this O(n log n) in the
 * length of the pre-token, which matters for long runs that no pre-tokenizer splits (DeepSeek's
 * ByteLevel step does not split at all).
 */
final class BpeModel {
    /** Longer pre-tokens are rare and would crowd out the words that recur, so they are not cached. */
    private static final int MAX_CACHED_LENGTH = 256;

    private final Map<String, Integer> vocab;
    private final MergeTable merges;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    private final LruCache<String, int[]> cache;

    /**
     * @param unkId        the id for characters missing from the vocabulary, or -1 to drop them as the
     *                     Hugging Face library does
     * @param ignoreMerges a pre-token that is itself in the vocabulary is that one token (Llama 3)
     */
    BpeModel(Map<String, Integer> vocab, MergeTable merges, int unkId, boolean fuseUnk, boolean ignoreMerges,
             int cacheCapacity) {
        this.vocab = vocab;
        this.merges = merges;
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.ignoreMerges = ignoreMerges;
        this.cache = new LruCache<>(cacheCapacity);
    }

    /** Appends the ids of one pre-token to {@code out}. */
    void encode(String piece, IntList out) {
        boolean cacheable = piece.length() <= MAX_CACHED_LENGTH;
        int[] ids = cacheable ? cache.get(piece) : null;
        if (ids == null) {
            ids = encodeUncached(piece);
            if (cacheable) {
                cache.put(piece, ids);
            }
        }
        out.addAll(ids);
    }

    private int[] encodeUncached(String piece) {
        if (ignoreMerges) {
            Integer whole = vocab.get(piece);
            if (whole != null) {
                return new int[]{whole};
            }
        }
        int[] symbols = initialSymbols(piece);
        return symbols.length < 2 ? symbols : merge(symbols);
    }

    private int[] initialSymbols(String piece) {
        int[] symbols = new int[piece.length()];
        int n = 0;
        boolean previousUnk = false;
        for (int i = 0; i < piece.length(); ) {
            int cp = piece.codePointAt(i);
            int width = Character.charCount(cp);
            Integer id = vocab.get(piece.substring(i, i + width));
            i += width;
            if (id != null) {
                symbols[n++] = id;
                previousUnk = false;
            } else if (unkId >= 0) {
                if (!(fuseUnk && previousUnk)) {
                    symbols[n++] = unkId;
                }
                previousUnk = true;
            }
        }
        return n == symbols.length ? symbols : Arrays.copyOf(symbols, n);
    }

    /**
     * Symbols live in {@code ids} at their original positions, linked by {@code next}/{@code prev};
     * a merge keeps the left position and retires the right one (-1). Heap entries are
     * (rank, left position) packed into a long so that the lowest rank, then the leftmost, pops
     * first; an entry is stale when its pair no longer stands at that position with that rank.
     */
    private int[] merge(int[] ids) {
        int n = ids.length;
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            push(heap, ids, i, i + 1);
        }
        int alive = n;
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            int right = ids[pos] < 0 ? -1 : next[pos];
            if (right < 0) {
                continue;
            }
            int slot = merges.find(ids[pos], ids[right]);
            if (slot < 0 || merges.rank(slot) != rank) {
                continue;
            }
            ids[pos] = merges.mergedId(slot);
            ids[right] = -1;
            alive--;
            next[pos] = next[right];
            if (next[pos] >= 0) {
                prev[next[pos]] = pos;
                push(heap, ids, pos, next[pos]);
            }
            if (prev[pos] >= 0) {
                push(heap, ids, prev[pos], pos);
            }
        }
        int[] out = new int[alive];
        int k = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            out[k++] = ids[i];
        }
        return out;
    }

    private void push(LongHeap heap, int[] ids, int left, int right) {
        int slot = merges.find(ids[left], ids[right]);
        if (slot >= 0) {
            heap.push(((long) merges.rank(slot) << 32) | left);
        }
    }
}
