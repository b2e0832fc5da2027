package dev.hearth.controlplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth collect}: one collection, printed as normalised samples, or the error for the target. */
class CollectCommandTest {
    @TempDir
    Path dir;

    @Test
    void aSavedIpmiSensorsOutputPrintsNormalisedSamplesWithUnits() throws IOException {
        Path output = dir.resolve("sensors.txt");
        Files.writeString(output, """
                ID  | Name             | Type                     | Reading    | Units | Event
                4   | Ambient Temp     | Temperature              | 23.00      | C     | 'OK'
                7   | FAN 1 RPM        | Fan                      | 5880.00    | RPM   | 'OK'
                9   | Planar Temp      | Temperature              | N/A        | C     | N/A
                """);
        CliRun run = CliRun.of("collect", "ipmi", "--from-file", output.toString(), "--node", "node-7");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("hearth_bmc_temperature_celsius\\{.*node=\"node-7\".*sensor=\"Ambient Temp\".*\\} 23 °C")
                .containsPattern("hearth_bmc_fan_speed_rpm\\{.*\\} 5880 RPM")
                .contains("hearth_bmc_sensor_state{node=\"node-7\",sensor=\"Ambient Temp\",sensor_id=\"4\",state=\"OK\","
                        + "type=\"Temperature\"} 1")
                .doesNotContain("Planar Temp").contains("4 samples");
    }

    @Test
    void badInputAndUnreachableTargetsAreNamed() throws IOException {
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<nvidia_smi_log><gpu>");
        CliRun gpu = CliRun.of("collect", "gpu", "--from-file", broken.toString());
        assertThat(gpu.exitCode()).isEqualTo(1);
        assertThat(gpu.err()).contains(broken.toString());

        CliRun scrape = CliRun.of("collect", "scrape", "--target", "http://127.0.0.1:1/metrics");
        assertThat(scrape.exitCode()).isEqualTo(1);
        assertThat(scrape.err()).contains("http://127.0.0.1:1/metrics");

        CliRun redfish = CliRun.of("collect", "redfish", "--target", "http://127.0.0.1:1/redfish/v1");
        assertThat(redfish.exitCode()).isEqualTo(1);
        assertThat(redfish.err()).contains("127.0.0.1:1");

        CliRun neither = CliRun.of("collect", "ipmi");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give --from-file OUTPUT or --host HOST");

        CliRun format = CliRun.of("collect", "ipmi", "--from-file", broken.toString(), "--format", "csv");
        assertThat(format.exitCode()).isEqualTo(2);
        assertThat(format.err()).contains("--format \"csv\" is not one of");
    }

    @Test
    void withoutAGpuTheGpuSourceSaysSo() {
        CliRun run = CliRun.of("collect", "gpu");
        assertThat(run.exitCode()).as(run.err()).isZero();
        // this machine has no nvidia-smi; on one that has, the samples print instead
        assertThat(run.out()).satisfiesAnyOf(o -> assertThat(o).startsWith("no GPU: "),
                o -> assertThat(o).contains("hearth_gpu_"));
    }
}
