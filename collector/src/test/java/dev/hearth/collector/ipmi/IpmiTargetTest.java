package dev.hearth.collector.ipmi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpmiTargetTest {

    @Test
    void theStringFormHidesThePassword() {
        IpmiTarget target = new IpmiTarget("10.0.3.2", "admin", "hunter2", LanInterface.LANPLUS);

        assertThat(target.toString()).contains("admin@10.0.3.2").doesNotContain("hunter2");
    }

    @Test
    void aHostThatWouldReadAsAnOptionIsRefused() {
        assertThatThrownBy(() -> new IpmiTarget("-oProxyCommand=x", "admin", "pw", LanInterface.LAN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a host name or IP address");
        assertThatThrownBy(() -> new IpmiTarget("bmc one", "admin", "pw", LanInterface.LAN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserThatWouldReadAsAnOptionIsRefused() {
        assertThatThrownBy(() -> new IpmiTarget("10.0.3.2", "-E", "pw", LanInterface.LAN))
                .hasMessageContaining("not starting with '-'");
    }

    @Test
    void aPasswordLongerThanIpmiAllowsIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new IpmiTarget("10.0.3.2", "admin", "x".repeat(21) + "SECRET", LanInterface.LAN))
                .hasMessageContaining("at most 20")
                .hasMessageNotContaining("SECRET");
    }
}
