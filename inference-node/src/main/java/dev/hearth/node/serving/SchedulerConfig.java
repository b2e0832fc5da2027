package dev.hearth.node.serving;

import java.util.Objects;

/**
 * Limits of one node's batch scheduler.
 *
 * @param maxBatch      sequences decoding together in one step
 * @param maxWaiting    requests queued beyond the batch; more are refused (429)
 * @param prefillChunk  prompt tokens prefilled per step at most, so running decodes keep flowing
 * @param blockTokens   tokens per KV-cache block
 * @param kvBlocks      KV blocks the node may hold, the budget admission checks against
 * @param slicing       how engine time is divided among households
 */
public record SchedulerConfig(int maxBatch, int maxWaiting, int prefillChunk, int blockTokens, int kvBlocks,
                              SlicePolicy slicing) {

    public SchedulerConfig {
        if (maxBatch < 1 || maxWaiting < 0 || prefillChunk < 1 || blockTokens < 1 || kvBlocks < 1) {
            // named from the parameters: the record's fields are not assigned yet in a compact constructor
            throw new IllegalArgumentException("scheduler limits must be positive (max waiting at least 0): maxBatch="
                    + maxBatch + ", maxWaiting=" + maxWaiting + ", prefillChunk=" + prefillChunk + ", blockTokens="
                    + blockTokens + ", kvBlocks=" + kvBlocks);
        }
        Objects.requireNonNull(slicing, "slicing");
    }

    /** Limits with best-effort slicing: a household may use whatever engine time the others leave idle. */
    public SchedulerConfig(int maxBatch, int maxWaiting, int prefillChunk, int blockTokens, int kvBlocks) {
        this(maxBatch, maxWaiting, prefillChunk, blockTokens, kvBlocks, SlicePolicy.BEST_EFFORT);
    }

    /**
     * The KV budget of a card of {@code cardBytes} (an RTX 2080 Ti has 11 GB) once the weights are
     * loaded, keeping 10 % for activations and the runtime, at {@code bytesPerToken} of cache.
     */
    public static int kvBlocksForCard(long cardBytes, long weightBytes, long bytesPerToken, int blockTokens) {
        long free = (long) (cardBytes * 0.9) - weightBytes;
        if (free <= 0) {
            throw new IllegalArgumentException("weights of " + weightBytes + " bytes leave no room for a KV cache on a card of "
                    + cardBytes + " bytes");
        }
        return (int) Math.min(Integer.MAX_VALUE, free / (bytesPerToken * blockTokens));
    }
}
