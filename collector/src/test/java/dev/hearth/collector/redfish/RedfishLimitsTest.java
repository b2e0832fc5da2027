package dev.hearth.collector.redfish;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedfishLimitsTest {
    @Test
    void defaultsBoundRequestsWalksBodiesAndResources() {
        RedfishLimits d = RedfishLimits.defaults();

        assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.walkTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(d.maxBodyBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(d.maxResources()).isEqualTo(500);
    }

    @Test
    void oneTimeoutBoundsBothRequestAndWalk() {
        RedfishLimits l = RedfishLimits.withTimeout(Duration.ofMillis(750));

        assertThat(l.requestTimeout()).isEqualTo(l.walkTimeout()).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void refusesLimitsThatCouldNeverBeMet() {
        assertThatThrownBy(() -> RedfishLimits.withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Redfish request timeout PT0S must be positive, e.g. PT5S");
        assertThatThrownBy(() -> RedfishLimits.defaults().withMaxBodyBytes(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedfishLimits.defaults().withMaxResources(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
