package dev.hearth.collector.ipmi;

import dev.hearth.collector.CollectException;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.hearth.collector.ipmi.SampleValues.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpmiSourceTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String PASSWORD = "s3cr3t!pw";
    private static final IpmiTarget TARGET = new IpmiTarget("bmc-node-3.lan", "hearth", PASSWORD, LanInterface.LANPLUS);
    private static final String SDR = """
            Inlet Temp       | 04h | ok  |  7.1 | 23 degrees C
            Fan1A            | 30h | ok  |  7.1 | 4920 RPM
            """;
    private static final String DCMI = """
                Instantaneous power reading:                   212 Watts
                Minimum during sampling period:                180 Watts
                Maximum during sampling period:                260 Watts
                Average power reading over sample period:      220 Watts
                Sampling period:                          00000060 Seconds.
                Power reading state is:                   activated
            """;
    private static final String SENSORS = """
            ID | Name       | Type        | Reading | Units | Event
            18 | Inlet Temp | Temperature | 23.00   | C     | 'OK'
            """;
    private static final String FREEIPMI_DCMI = """
            Current Power                        : 212 Watts
            Minimum Power over sampling duration : 180 watts
            Maximum Power over sampling duration : 260 watts
            Average Power over sampling duration : 220 watts
            Statistics reporting time period     : 60000 milliseconds
            Power Measurement                    : Active
            """;

    private final IpmiCommandRunnerDouble runner = new IpmiCommandRunnerDouble();

    @Test
    void ipmitoolGetsThePasswordFromTheEnvironmentNeverTheCommandLine() throws Exception {
        runner.answering("sdr", 0, SDR, "").answering("dcmi", 0, DCMI, "");
        IpmiSource source = new IpmiSource("node-3", TARGET, IpmiToolset.IPMITOOL, runner, TIMEOUT);

        List<Sample> out = source.collect(AT);

        assertThat(runner.calls).extracting(IpmiCommandRunnerDouble.Call::command).containsExactly(
                List.of("ipmitool", "-I", "lanplus", "-H", "bmc-node-3.lan", "-U", "hearth", "-E", "sdr", "elist"),
                List.of("ipmitool", "-I", "lanplus", "-H", "bmc-node-3.lan", "-U", "hearth", "-E", "dcmi", "power",
                        "reading"));
        assertThat(runner.calls).allSatisfy(call -> {
            assertThat(call.environment()).isEqualTo(Map.of("IPMI_PASSWORD", PASSWORD));
            assertThat(String.join(" ", call.command())).doesNotContain(PASSWORD);
        });
        assertThat(source.kind()).isEqualTo("bmc");
        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Inlet Temp", "sensor_id", "04h"))).isEqualTo(23);
        assertThat(value(out, IpmiSamples.FAN_SPEED, Map.of("fan", "Fan1A", "sensor_id", "30h"))).isEqualTo(4920);
        assertThat(value(out, IpmiSamples.POWER_CONSUMED, Map.of("control", "DCMI"))).isEqualTo(212);
        assertThat(out).allSatisfy(s -> assertThat(s.node()).isEqualTo("node-3"));
    }

    @Test
    void freeIpmiGetsThePasswordFromAnOwnerOnlyFileThatIsDeletedAfterwards() throws Exception {
        runner.answering("ipmi-sensors", 0, SENSORS, "").answering("ipmi-dcmi", 0, FREEIPMI_DCMI, "");
        IpmiTarget lan = new IpmiTarget("10.0.3.2", "hearth", PASSWORD, LanInterface.LAN);
        IpmiSource source = new IpmiSource("node-3", lan, IpmiToolset.FREEIPMI, runner, TIMEOUT);

        List<Sample> out = source.collect(AT);

        assertThat(runner.calls).hasSize(2);
        IpmiCommandRunnerDouble.Call sensors = runner.calls.get(0);
        assertThat(sensors.command()).startsWith("ipmi-sensors", "--hostname=10.0.3.2", "--username=hearth",
                "--driver-type=LAN").contains("--quiet-cache");
        assertThat(runner.calls.get(1).command()).startsWith("ipmi-dcmi").contains("--get-system-power-statistics");
        assertThat(runner.calls).allSatisfy(call -> {
            assertThat(String.join(" ", call.command())).doesNotContain(PASSWORD);
            assertThat(call.environment()).isEmpty();
            assertThat(call.configFile()).isEqualTo("password " + PASSWORD + "\n");
            assertThat(call.configPermissions()).isEqualTo("rw-------");
        });
        String configArgument = sensors.command().stream().filter(a -> a.startsWith("--config-file=")).findFirst()
                .orElseThrow();
        assertThat(Files.exists(Path.of(configArgument.substring("--config-file=".length())))).isFalse();
        assertThat(value(out, IpmiSamples.TEMPERATURE, Map.of("sensor", "Inlet Temp", "sensor_id", "18"))).isEqualTo(23);
        assertThat(value(out, IpmiSamples.POWER_CONSUMED, Map.of("control", "DCMI"))).isEqualTo(212);
    }

    @Test
    void theConfigFileIsDeletedWhenTheReadFails() {
        runner.timingOut("ipmi-sensors");
        IpmiSource source = new IpmiSource("node-3", TARGET, IpmiToolset.FREEIPMI, runner, TIMEOUT);

        assertThatThrownBy(() -> source.collect(AT)).isInstanceOf(CollectException.class);
        String configArgument = runner.calls.get(0).command().stream()
                .filter(a -> a.startsWith("--config-file=")).findFirst().orElseThrow();
        assertThat(Files.exists(Path.of(configArgument.substring("--config-file=".length())))).isFalse();
    }

    @Test
    void aBmcWithoutDcmiStillGivesItsSensors() throws Exception {
        runner.answering("sdr", 0, SDR, "")
                .answering("dcmi", 1, "", "    DCMI request failed because: Invalid command (c1)\n");

        List<Sample> out = new IpmiSource("node-3", TARGET, IpmiToolset.IPMITOOL, runner, TIMEOUT).collect(AT);

        assertThat(out).anyMatch(s -> s.metric().equals(IpmiSamples.TEMPERATURE));
        assertThat(out).noneMatch(s -> s.metric().equals(IpmiSamples.POWER_CONSUMED));
    }

    @Test
    void aSlowBmcIsAFailureForThisTargetWithNoSamples() {
        runner.timingOut("sdr");
        IpmiSource source = new IpmiSource("node-3", TARGET, IpmiToolset.IPMITOOL, runner, TIMEOUT);

        assertThatThrownBy(() -> source.collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("ipmitool -I lanplus -H bmc-node-3.lan -U hearth -E sdr elist (node node-3)")
                .hasMessageContaining("did not finish within")
                .hasMessageContaining("it was killed");
    }

    @Test
    void aMissingToolIsAFailureSayingWhatToInstall() {
        runner.missing("ipmi-sensors");

        assertThatThrownBy(() -> new IpmiSource("node-3", TARGET, IpmiToolset.FREEIPMI, runner, TIMEOUT).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("ipmi-sensors is not installed on the collector host; install freeipmi-tools");
    }

    @Test
    void anUnreachableBmcIsAFailureQuotingTheTool() {
        runner.answering("sdr", 1, "", "Error: Unable to establish IPMI v2 / RMCP+ session\n");

        assertThatThrownBy(() -> new IpmiSource("node-3", TARGET, IpmiToolset.IPMITOOL, runner, TIMEOUT).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("exited with status 1: 'Error: Unable to establish IPMI v2 / RMCP+ session'");
    }

    @Test
    void malformedSensorOutputIsAFailureAndNothingIsHalfWritten() {
        runner.answering("sdr", 0, SDR + "Fan2A | 31h | ok", "").answering("dcmi", 0, DCMI, "");

        assertThatThrownBy(() -> new IpmiSource("node-3", TARGET, IpmiToolset.IPMITOOL, runner, TIMEOUT).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("wrote unusable output: ipmitool sdr line 3 has 3 columns");
    }

    @Test
    void aFailingDcmiIsAFailure() {
        runner.answering("sdr", 0, SDR, "")
                .answering("dcmi", 1, "", "    DCMI request failed because: Node busy (c0)\n");

        assertThatThrownBy(() -> new IpmiSource("node-3", TARGET, IpmiToolset.IPMITOOL, runner, TIMEOUT).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("dcmi power reading (node node-3) (exit status 1)")
                .hasMessageContaining("Node busy (c0)");
    }

    @Test
    void aPasswordFreeIpmiCannotCarryIsRefusedUpFront() {
        IpmiTarget spaced = new IpmiTarget("10.0.3.2", "hearth", "two words", LanInterface.LANPLUS);

        assertThatThrownBy(() -> new IpmiSource("node-3", spaced, IpmiToolset.FREEIPMI, runner, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use IpmiToolset.IPMITOOL");
        // ipmitool takes it through the environment as is
        new IpmiSource("node-3", spaced, IpmiToolset.IPMITOOL, runner, TIMEOUT);
    }
}
