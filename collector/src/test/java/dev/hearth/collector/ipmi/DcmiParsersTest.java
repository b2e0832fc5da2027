package dev.hearth.collector.ipmi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DcmiParsersTest {
    private static final String FREEIPMI = """
            Current Power                        : 212 Watts
            Minimum Power over sampling duration : 180 watts
            Maximum Power over sampling duration : 260 watts
            Average Power over sampling duration : 220 watts
            Time Stamp                           : 01/02/2025 - 03:04:05
            Statistics reporting time period     : 60000 milliseconds
            Power Measurement                    : Active
            """;
    private static final String IPMITOOL = """

                Instantaneous power reading:                   212 Watts
                Minimum during sampling period:                180 Watts
                Maximum during sampling period:                260 Watts
                Average power reading over sample period:      220 Watts
                IPMI timestamp:                           Thu Jan  2 03:04:05 2025
                Sampling period:                          00000060 Seconds.
                Power reading state is:                   activated

            """;

    private final FreeIpmiDcmiParser freeIpmi = new FreeIpmiDcmiParser();
    private final IpmitoolDcmiParser ipmitool = new IpmitoolDcmiParser();

    @Test
    void bothToolsGiveTheSameReading() {
        PowerStatistics expected = new PowerStatistics(Optional.empty(), 212, 180, 260, 220, Duration.ofMinutes(1), true);

        assertThat(freeIpmi.parse(FREEIPMI)).isEqualTo(new DcmiPower.Readings(List.of(expected)));
        assertThat(ipmitool.parse(IPMITOOL)).isEqualTo(new DcmiPower.Readings(List.of(expected)));
    }

    @Test
    void aDeactivatedMeasurementIsReadAsInactive() {
        DcmiPower.Readings power = (DcmiPower.Readings) ipmitool.parse(IPMITOOL.replace("activated", "deactivated"));

        assertThat(power.statistics().get(0).active()).isFalse();
        DcmiPower.Readings free = (DcmiPower.Readings) freeIpmi.parse(FREEIPMI.replace(": Active", ": Not Available"));
        assertThat(free.statistics().get(0).active()).isFalse();
    }

    @Test
    void aPowerNotInWattsIsAnErrorNamingTheField() {
        assertThatThrownBy(() -> freeIpmi.parse(FREEIPMI.replace("212 Watts", "0.212 kW")))
                .isInstanceOf(IpmiOutputException.class)
                .hasMessageContaining("'Current Power' is '0.212 kW'; expected watts");
        assertThatThrownBy(() -> ipmitool.parse(IPMITOOL.replace("260 Watts", "260 BTU/h")))
                .hasMessageContaining("'Maximum during sampling period' is '260 BTU/h'; expected watts");
    }

    @Test
    void truncatedOutputIsAnError() {
        String cut = FREEIPMI.substring(0, FREEIPMI.indexOf("Average"));
        assertThatThrownBy(() -> freeIpmi.parse(cut))
                .hasMessageContaining("lacks 'Average Power over sampling duration' (truncated output?)");
        String cutTool = IPMITOOL.substring(0, IPMITOOL.indexOf("Maximum"));
        assertThatThrownBy(() -> ipmitool.parse(cutTool)).hasMessageContaining("truncated output");
    }

    @Test
    void otherDcmiFailuresAreErrorsNotUnsupported() {
        assertThatThrownBy(() -> ipmitool.parse("    DCMI request failed because: Node busy (c0)\n"))
                .hasMessageContaining("Node busy (c0)");
        assertThatThrownBy(() -> freeIpmi.parse("ipmi_cmd_dcmi_get_power_reading: BMC busy\n"))
                .hasMessageContaining("ipmi-dcmi failed: 'ipmi_cmd_dcmi_get_power_reading: BMC busy'");
    }

    @Test
    void somethingElseEntirelyIsAnError() {
        assertThatThrownBy(() -> freeIpmi.parse("ipmi-dcmi: connection timeout\n"))
                .hasMessageContaining("holds no 'Current Power' reading")
                .hasMessageContaining("connection timeout");
        assertThatThrownBy(() -> ipmitool.parse("Error: Unable to establish IPMI v2 / RMCP+ session\n"))
                .hasMessageContaining("Unable to establish IPMI v2");
    }
}
