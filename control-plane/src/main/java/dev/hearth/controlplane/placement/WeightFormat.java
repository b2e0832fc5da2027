package dev.hearth.controlplane.placement;

import dev.hearth.node.model.TensorSpec;
import java.util.Objects;

/**
 * How a checkpoint stores its tensors, as far as their size goes. Projections take
 * {@code bitsPerWeight} each, plus one float32 scale per {@code scaleBlock × scaleBlock} block when
 * block-scaled (DeepSeek's FP8 release: {@code weight_scale_inv}); embeddings, the LM head, the router
 * and norms stay in 16 bits and the routing bias in float32, as in that release.
 *
 * @param scaleBlock side of a scale block, 0 when the format has no scales
 */
public record WeightFormat(String name, int bitsPerWeight, int scaleBlock) {
    private static final int SIXTEEN_BIT = 2;
    private static final int FLOAT32 = 4;

    public WeightFormat {
        Objects.requireNonNull(name, "name");
        if (bitsPerWeight < 1 || bitsPerWeight > 32 || scaleBlock < 0) {
            throw new IllegalArgumentException("weight format " + name + " has " + bitsPerWeight
                    + " bits per weight and scale block " + scaleBlock + "; use 1..32 bits and a block of 0 or more");
        }
    }

    /** FP8 E4M3 with 128×128 block scales, DeepSeek-V3's published format. */
    public static WeightFormat fp8() {
        return new WeightFormat("fp8", 8, 128);
    }

    public static WeightFormat bf16() {
        return new WeightFormat("bf16", 16, 0);
    }

    /** Bytes {@code tensor} takes in this format. */
    public long bytes(TensorSpec tensor) {
        return switch (tensor.kind()) {
            case LINEAR -> (tensor.elements() * bitsPerWeight + 7) / 8 + scaleBytes(tensor);
            case WIDE, NORM -> tensor.elements() * SIXTEEN_BIT;
            case BIAS -> tensor.elements() * FLOAT32;
        };
    }

    private long scaleBytes(TensorSpec tensor) {
        if (scaleBlock == 0) {
            return 0;
        }
        long rowBlocks = (tensor.rows() + scaleBlock - 1) / scaleBlock;
        long colBlocks = (Math.max(1, tensor.cols()) + scaleBlock - 1) / scaleBlock;
        return rowBlocks * colBlocks * FLOAT32;
    }
}
