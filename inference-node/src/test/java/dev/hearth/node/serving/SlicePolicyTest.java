package dev.hearth.node.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SlicePolicyTest {

    @Test
    void policiesAreParsedByTheirOptionNames() {
        assertThat(SlicePolicy.parse("best-effort")).isEqualTo(SlicePolicy.BEST_EFFORT);
        assertThat(SlicePolicy.parse(" Equal-Share ")).isEqualTo(SlicePolicy.EQUAL_SHARE);
        assertThat(new SchedulerConfig(4, 16, 64, 16, 100).slicing()).isEqualTo(SlicePolicy.BEST_EFFORT);
    }

    @Test
    void limitsThatAreNotPositiveAreNamedWithTheirValues() {
        assertThatThrownBy(() -> new SchedulerConfig(0, 16, 64, 16, 100))
                .hasMessage("scheduler limits must be positive (max waiting at least 0): maxBatch=0, maxWaiting=16,"
                        + " prefillChunk=64, blockTokens=16, kvBlocks=100");
        assertThatThrownBy(() -> new SchedulerConfig(4, 16, 64, 16, 100, null)).hasMessage("slicing");
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> SlicePolicy.parse("fixed-share"))
                .hasMessage("unknown slicing policy 'fixed-share': use one of best-effort, equal-share");
        assertThatThrownBy(() -> SlicePolicy.parse(null)).hasMessageContaining("unknown slicing policy 'null'");
    }
}
