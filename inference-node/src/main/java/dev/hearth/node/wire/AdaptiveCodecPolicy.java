package dev.hearth.node.wire;

/**
 * Which payload encoding a frame gets, by its raw payload size. Small frames (a decode step's one
 * token, 28 KiB at hidden size 7168) are dominated by per-hop overhead, so they get fast, lossless
 * LZ4; large ones (prefill hand-offs, ≥ {@code lossyThresholdBytes}) are dominated by the wire, so
 * they get the error-bounded lossy codec. Either can be switched off: without lossy every frame is
 * bit-exact.
 *
 * @param lz4                 LZ4 for frames below the threshold (and above it when lossy is off)
 * @param lossy               the lossy codec at or above the threshold
 * @param lossyThresholdBytes raw payload bytes from which lossy applies
 */
public record AdaptiveCodecPolicy(boolean lz4, boolean lossy, long lossyThresholdBytes) {
    public static final long DEFAULT_LOSSY_THRESHOLD = 1L << 20;

    public AdaptiveCodecPolicy {
        if (lossyThresholdBytes < 0) {
            throw new IllegalArgumentException("lossy threshold is " + lossyThresholdBytes + " bytes, must not be negative");
        }
    }

    /** LZ4 below 1 MiB, lossy from 1 MiB on. */
    public static AdaptiveCodecPolicy defaults() {
        return new AdaptiveCodecPolicy(true, true, DEFAULT_LOSSY_THRESHOLD);
    }

    /** LZ4 for every frame: bit-exact. */
    public static AdaptiveCodecPolicy lossless() {
        return new AdaptiveCodecPolicy(true, false, DEFAULT_LOSSY_THRESHOLD);
    }

    /** Raw float32 for every frame. */
    public static AdaptiveCodecPolicy uncompressed() {
        return new AdaptiveCodecPolicy(false, false, DEFAULT_LOSSY_THRESHOLD);
    }

    public PayloadEncoding choose(long rawPayloadBytes) {
        if (lossy && rawPayloadBytes >= lossyThresholdBytes) {
            return PayloadEncoding.LOSSY;
        }
        return lz4 ? PayloadEncoding.LZ4 : PayloadEncoding.RAW;
    }
}
