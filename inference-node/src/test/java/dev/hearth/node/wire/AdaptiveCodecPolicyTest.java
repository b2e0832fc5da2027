package dev.hearth.node.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdaptiveCodecPolicyTest {
    private static final long MIB = 1L << 20;

    @Test
    void lz4BelowOneMibLossyFromIt() {
        AdaptiveCodecPolicy p = AdaptiveCodecPolicy.defaults();
        assertThat(p.choose(4 * 7168)).isEqualTo(PayloadEncoding.LZ4);
        assertThat(p.choose(MIB - 1)).isEqualTo(PayloadEncoding.LZ4);
        assertThat(p.choose(MIB)).isEqualTo(PayloadEncoding.LOSSY);
        assertThat(p.choose(512L * 7168 * 4)).isEqualTo(PayloadEncoding.LOSSY);
    }

    @Test
    void theThresholdIsConfigurable() {
        AdaptiveCodecPolicy p = new AdaptiveCodecPolicy(true, true, 64 * 1024);
        assertThat(p.choose(64 * 1024 - 1)).isEqualTo(PayloadEncoding.LZ4);
        assertThat(p.choose(64 * 1024)).isEqualTo(PayloadEncoding.LOSSY);
    }

    @Test
    void switchesTurnCodecsOff() {
        assertThat(AdaptiveCodecPolicy.lossless().choose(100 * MIB)).isEqualTo(PayloadEncoding.LZ4);
        assertThat(AdaptiveCodecPolicy.uncompressed().choose(100 * MIB)).isEqualTo(PayloadEncoding.RAW);
        assertThat(AdaptiveCodecPolicy.uncompressed().choose(100)).isEqualTo(PayloadEncoding.RAW);
        AdaptiveCodecPolicy lossyOnly = new AdaptiveCodecPolicy(false, true, MIB);
        assertThat(lossyOnly.choose(100)).isEqualTo(PayloadEncoding.RAW);
        assertThat(lossyOnly.choose(2 * MIB)).isEqualTo(PayloadEncoding.LOSSY);
    }

    @Test
    void refusesANegativeThreshold() {
        assertThatThrownBy(() -> new AdaptiveCodecPolicy(true, true, -1)).hasMessageContaining("must not be negative");
    }
}
