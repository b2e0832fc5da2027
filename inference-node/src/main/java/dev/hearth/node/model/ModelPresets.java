package dev.hearth.node.model;

import java.util.List;

/**
 * The shapes {@code hearth model init} writes. Both DeepSeek-V3 presets keep every feature of the
 * real model (q and kv low-rank projections, YaRN, dense then MoE layers, shared expert, grouped
 * top-k routing) at smaller widths; vocabularies hold the 256 bytes plus BOS and EOS, as the
 * byte-level tokenizer needs.
 *
 * <ul>
 *   <li>{@code tiny}: for tests, ~2 MB in float32: 1 dense + 3 MoE layers, 16 routed experts in 4
 *       groups, top-4 from the best 2 groups, 1 shared expert.</li>
 *   <li>{@code small}: ~280 M parameters (≈ 560 MB in BF16, ≈ 290 MB in FP8): 1 dense + 5 MoE layers
 *       of width 1024, 32 routed experts; one token streams far more weight bytes than any CPU cache
 *       holds, so decode is memory-bound.</li>
 * </ul>
 *
 * <p>{@link #deepSeekV3()} is the published DeepSeek-V3 shape, for sizing (placement) only: it is not
 * in {@link #NAMES}, so {@code hearth model init} never tries to write its 671 B parameters.
 */
public final class ModelPresets {
    public static final List<String> NAMES = List.of("tiny", "small");
    private static final int BYTE_VOCAB = 258;
    private static final int BOS = 256;
    private static final int EOS = 257;

    private ModelPresets() {
    }

    public static ModelConfig config(Architecture arch, String preset) {
        boolean small = switch (preset) {
            case "tiny" -> false;
            case "small" -> true;
            default -> throw new IllegalArgumentException("unknown preset \"" + preset + "\"; choose one of " + NAMES);
        };
        return arch == Architecture.DEEPSEEK_V3 ? deepSeek(small) : llama(small);
    }

    /**
     * DeepSeek-V3 as its published {@code config.json} gives it (61 layers, the first 3 dense, 256
     * routed experts in 8 groups, top-8 from 4 groups, MLA with q_lora 1536 and kv_lora 512), without
     * the multi-token-prediction layer the engine does not run. A shape to size shards and
     * placements with; no checkpoint of it is ever generated.
     */
    public static ModelConfig deepSeekV3() {
        return new ModelConfig(Architecture.DEEPSEEK_V3, 129_280, 7168, 18_432, 61, 128, 1e-6, 10_000,
                new RopeScaling(40, 4096, 32, 1, 1, 1), 163_840, false, 0, 1,
                2048, 3, 256, 1, 8, 8, 4, 2.5, true, 1536, 512, 128, 64, 128, 0, 0);
    }

    private static ModelConfig deepSeek(boolean small) {
        if (!small) {
            return new ModelConfig(Architecture.DEEPSEEK_V3, BYTE_VOCAB, 64, 128, 4, 4, 1e-6, 10_000,
                    new RopeScaling(4, 128, 32, 1, 1, 1), 512, false, BOS, EOS,
                    32, 1, 16, 1, 4, 4, 2, 2.5, true, 48, 32, 16, 8, 16, 0, 0);
        }
        return new ModelConfig(Architecture.DEEPSEEK_V3, BYTE_VOCAB, 1024, 2816, 6, 8, 1e-6, 10_000,
                new RopeScaling(4, 1024, 32, 1, 1, 1), 4096, false, BOS, EOS,
                512, 1, 32, 1, 4, 4, 2, 2.5, true, 384, 256, 64, 32, 64, 0, 0);
    }

    private static ModelConfig llama(boolean small) {
        if (!small) {
            return new ModelConfig(Architecture.LLAMA, BYTE_VOCAB, 64, 160, 2, 4, 1e-5, 10_000, null, 512, false,
                    BOS, EOS, 0, 0, 0, 0, 0, 1, 1, 1.0, false, 0, 0, 0, 0, 0, 2, 16);
        }
        return new ModelConfig(Architecture.LLAMA, BYTE_VOCAB, 1024, 2816, 12, 16, 1e-5, 10_000, null, 4096, false,
                BOS, EOS, 0, 0, 0, 0, 0, 1, 1, 1.0, false, 0, 0, 0, 0, 0, 4, 64);
    }
}
