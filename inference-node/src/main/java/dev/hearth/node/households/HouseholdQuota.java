package dev.hearth.node.households;

/**
 * What one household may use of the fleet. The gateway enforces the first two for every household
 * before a request reaches a node; the engine's scheduler uses the other two when requests queue.
 *
 * @param tokensPerMinute tokens the household may ask for per minute: each completion counts its
 *                        {@code max_tokens} plus its prompt's length in bytes, charged when admitted
 * @param maxConcurrent   the household's requests in flight at once
 * @param maxKvBlocks     KV-cache blocks the household's sequences may hold on a node at once
 * @param weight          the household's share when requests queue: 2.0 gets twice the decode slots of 1.0
 */
public record HouseholdQuota(int tokensPerMinute, int maxConcurrent, int maxKvBlocks, double weight) {
    public static final int MAX_TOKENS_PER_MINUTE = 10_000_000;
    public static final int MAX_CONCURRENT = 1_000;
    public static final int MAX_KV_BLOCKS = 1_000_000;
    /** The node refuses weights above this, so the gateway must never forward one. */
    public static final double MAX_WEIGHT = 100;

    public HouseholdQuota {
        requireRange("tokens per minute", tokensPerMinute, MAX_TOKENS_PER_MINUTE);
        requireRange("concurrent requests", maxConcurrent, MAX_CONCURRENT);
        requireRange("KV blocks", maxKvBlocks, MAX_KV_BLOCKS);
        if (!(weight > 0 && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException("a household's weight must be above 0 and at most " + (int) MAX_WEIGHT
                    + ", got " + weight + "; 1.0 is an ordinary household's share");
        }
    }

    /** An ordinary household: 20,000 tokens a minute, 4 requests at once, 256 KV blocks, weight 1. */
    public static HouseholdQuota standard() {
        return new HouseholdQuota(20_000, 4, 256, 1.0);
    }

    private static void requireRange(String what, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("a household's " + what + " must be from 1 to " + max + ", got " + value);
        }
    }
}
