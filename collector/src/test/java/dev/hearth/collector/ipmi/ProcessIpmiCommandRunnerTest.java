package dev.hearth.collector.ipmi;

import org.junit.jupiter.api.Test;

import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real runner against real processes of this machine ({@code sh}, {@code sleep}). */
class ProcessIpmiCommandRunnerTest {
    private final ProcessIpmiCommandRunner runner = new ProcessIpmiCommandRunner(1024 * 1024);

    @Test
    void passesTheEnvironmentToTheChildOnly() throws Exception {
        IpmiCommandOutput out = runner.run(List.of("sh", "-c", "printf %s \"$IPMI_PASSWORD\"; exit 2"),
                Map.of("IPMI_PASSWORD", "pa55"), Duration.ofSeconds(20));

        assertThat(out).isEqualTo(new IpmiCommandOutput(2, "pa55", ""));
        assertThat(System.getenv("IPMI_PASSWORD")).isNull();
    }

    @Test
    void aHangingToolIsKilledAtTheTimeout() {
        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Map.of(), Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("sleep did not finish within PT0.3S; it was killed");
    }

    @Test
    void aRunawayToolIsStoppedAtTheOutputCap() {
        ProcessIpmiCommandRunner small = new ProcessIpmiCommandRunner(4096);

        assertThatThrownBy(() -> small.run(List.of("sh", "-c", "while :; do echo yyyyyyyyyyyyyyyy; done"), Map.of(),
                Duration.ofSeconds(20)))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("wrote more than 4096 bytes");
    }

    @Test
    void aToolThatIsNotInstalledIsNoSuchFile() {
        assertThatThrownBy(() -> runner.run(List.of("hearth-no-ipmitool-x7"), Map.of(), Duration.ofSeconds(5)))
                .isInstanceOf(NoSuchFileException.class);
    }
}
