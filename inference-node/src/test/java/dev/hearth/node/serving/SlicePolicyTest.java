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
        assertThat(new SchedulerConfig(4, 16, 64, 16, 100).withSlicing(SlicePolicy.EQUAL_SHARE).slicing())
                .isEqualTo(SlicePolicy.EQUAL_SHARE);
    }

    @Test
    void anUnknownNameIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> SlicePolicy.parse("fixed-share"))
                .hasMessage("unknown slicing policy 'fixed-share': use one of best-effort, equal-share");
        assertThatThrownBy(() -> SlicePolicy.parse(null)).hasMessageContaining("unknown slicing policy 'null'");
    }
}
