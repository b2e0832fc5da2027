package dev.hearth.node.wire;

/**
 * How a node encodes and what it accepts.
 *
 * @param maxFrameBytes  the largest frame sent or accepted, and the largest payload a received
 *                       frame may decode to (a small LZ4 frame can claim a huge payload)
 * @param policy         which payload codec each frame gets
 * @param errorBound     the lossy codec's bound on |decoded − sent| for every finite value
 * @param lossyBlockSize values per lossy block (each has its own minimum and bit width)
 */
public record WireConfig(int maxFrameBytes, AdaptiveCodecPolicy policy, double errorBound, int lossyBlockSize) {
    public static final int DEFAULT_MAX_FRAME_BYTES = 256 << 20;
    public static final double DEFAULT_ERROR_BOUND = 1e-3;
    public static final int DEFAULT_LOSSY_BLOCK_SIZE = 256;

    public WireConfig {
        if (policy == null) {
            throw new IllegalArgumentException("policy is missing");
        }
        if (maxFrameBytes < FrameLayout.MIN_FRAME_BYTES || maxFrameBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxFrameBytes is " + maxFrameBytes + ", expected "
                    + FrameLayout.MIN_FRAME_BYTES + " to " + (Integer.MAX_VALUE - 16));
        }
        // the codec checks the rest (a bound too small for a float32 step, a block size out of range)
        new LossyCodec(errorBound, lossyBlockSize);
    }

    public static WireConfig defaults() {
        return new WireConfig(DEFAULT_MAX_FRAME_BYTES, AdaptiveCodecPolicy.defaults(), DEFAULT_ERROR_BOUND,
                DEFAULT_LOSSY_BLOCK_SIZE);
    }

    public WireConfig withPolicy(AdaptiveCodecPolicy p) {
        return new WireConfig(maxFrameBytes, p, errorBound, lossyBlockSize);
    }

    public WireConfig withMaxFrameBytes(int max) {
        return new WireConfig(max, policy, errorBound, lossyBlockSize);
    }

    public WireConfig withErrorBound(double bound) {
        return new WireConfig(maxFrameBytes, policy, bound, lossyBlockSize);
    }
}
