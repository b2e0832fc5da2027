package dev.hearth.node.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelFlopsTest {

    /**
     * The DeepSeek-V3 tiny preset by hand: hidden 64, 4 layers (1 dense + 3 MoE), 4 heads, q_lora 48,
     * kv_lora 32, qk_nope 16, qk_rope 8, v_head 16, intermediate 128, moe_intermediate 32, 16 routed
     * experts, top-4, 1 shared expert, vocabulary 258.
     */
    @Test
    void deepSeekTinyMatchesAHandCount() {
        ModelFlops flops = ModelFlops.of(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"));

        // attention per layer, multiply-adds: q_a 64x48 = 3072, q_b 48x(4x24) = 4608, kv_a 64x(32+8) = 2560,
        // kv_b 32x(4x(16+16)) = 4096, o (4x16)x64 = 4096: 18432, over 4 layers 73728
        // dense MLP (layer 0): 3x64x128 = 24576
        // MoE layer: router 64x16 = 1024, shared 3x64x32 = 6144, 4 routed experts 4x6144 = 24576: 31744, x3 = 95232
        // 73728 + 24576 + 95232 = 193536 multiply-adds
        assertThat(flops.perToken()).isEqualTo(2 * 193_536L);
        // per attended position and layer: 4 heads x (24 score + 16 value) = 160, x4 layers = 640
        assertThat(flops.perAttendedPosition()).isEqualTo(2 * 640L);
        // LM head 64x258
        assertThat(flops.lmHead()).isEqualTo(2 * 16_512L);
    }

    @Test
    void llamaTinyMatchesAHandCount() {
        ModelFlops flops = ModelFlops.of(ModelPresets.config(Architecture.LLAMA, "tiny"));

        // per layer: q 64x64 = 4096, k and v 64x(2x16) = 2048 each, o 64x64 = 4096, MLP 3x64x160 = 30720:
        // 43008, over 2 layers 86016
        assertThat(flops.perToken()).isEqualTo(2 * 86_016L);
        // 4 heads x (16 + 16) x 2 layers
        assertThat(flops.perAttendedPosition()).isEqualTo(2 * 256L);
        assertThat(flops.lmHead()).isEqualTo(2 * 16_512L);
    }

    @Test
    void anEntryCountsEachTokensContextAndOneRowOfLogits() {
        ModelFlops flops = ModelFlops.of(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"));

        // a 3-token prefill from position 0 attends to 1 + 2 + 3 = 6 positions
        assertThat(flops.entry(0, 3)).isEqualTo(3 * 387_072L + 6 * 1_280L + 33_024L);
        // the decode step at position 5 attends to 6 positions
        assertThat(flops.entry(5, 1)).isEqualTo(387_072L + 6 * 1_280L + 33_024L);
        // a second chunk of 2 from position 3 attends to 4 + 5
        assertThat(flops.entry(3, 2)).isEqualTo(2 * 387_072L + 9 * 1_280L + 33_024L);
    }

    @Test
    void deepSeekV3ActivatesAboutThirtySevenBillionParametersPerToken() {
        ModelFlops flops = ModelFlops.of(ModelPresets.deepSeekV3());

        // the published 37 B activated parameters include the 0.9 B embedding table, which is looked up, not multiplied
        double multiplied = (flops.perToken() + flops.lmHead()) / 2.0;
        assertThat(multiplied).isBetween(36.0e9, 37.0e9);
    }

    @Test
    void anEntryWithoutTokensIsRefused() {
        ModelFlops flops = ModelFlops.of(ModelPresets.config(Architecture.DEEPSEEK_V3, "tiny"));

        assertThatThrownBy(() -> flops.entry(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 token(s) at 0");
    }
}
