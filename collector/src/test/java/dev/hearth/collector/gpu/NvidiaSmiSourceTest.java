package dev.hearth.collector.gpu;

import dev.hearth.collector.CollectException;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NvidiaSmiSourceTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String TWO_GPUS = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa"),
            SmiXml.modernGpu("00000000:02:00.0", "GPU-bbbb"));

    private final CommandRunnerDouble runner = new CommandRunnerDouble();

    @Test
    void runsNvidiaSmiAndReturnsTheSamplesOfEveryGpu() throws Exception {
        runner.answering("nvidia-smi", 0, TWO_GPUS, "");
        NvidiaSmiSource source = new NvidiaSmiSource("node-3", runner, TIMEOUT);

        List<Sample> samples = source.collect(AT);

        assertThat(runner.ran).containsExactly(List.of("nvidia-smi", "-q", "-x"));
        assertThat(source.kind()).isEqualTo("gpu");
        assertThat(samples).contains(Sample.of(AT, "node-3", GpuSamples.DEVICES, 2));
        assertThat(samples).filteredOn(s -> s.metric().equals(GpuSamples.TEMPERATURE))
                .extracting(s -> s.label("uuid")).containsExactlyInAnyOrder("GPU-aaaa", "GPU-bbbb");
    }

    @Test
    void aMissingNvidiaSmiIsNoGpuNotAFailure() throws Exception {
        runner.missing("nvidia-smi");
        NvidiaSmiSource source = new NvidiaSmiSource("node-3", runner, TIMEOUT);

        GpuReading reading = source.read();

        assertThat(reading).isInstanceOf(GpuReading.NoGpu.class);
        assertThat(((GpuReading.NoGpu) reading).reason()).contains("nvidia-smi is not installed");
        assertThat(source.collect(AT)).containsExactly(Sample.of(AT, "node-3", GpuSamples.DEVICES, 0));
    }

    @Test
    void noDevicesFoundIsNoGpu() throws Exception {
        // what nvidia-smi prints, with exit status 6, where the driver is loaded but sees no GPU
        runner.answering("nvidia-smi", 6, "No devices were found\n", "");

        GpuReading reading = new NvidiaSmiSource("node-3", runner, TIMEOUT).read();

        assertThat(reading).isEqualTo(new GpuReading.NoGpu("nvidia-smi says: No devices were found"));
    }

    @Test
    void aLogWithoutGpuIsNoGpu() throws Exception {
        runner.answering("nvidia-smi", 0, SmiXml.log(), "");

        assertThat(new NvidiaSmiSource("node-3", runner, TIMEOUT).read()).isInstanceOf(GpuReading.NoGpu.class);
    }

    @Test
    void aDriverThatIsNotLoadedIsAFailureNamingTheStatusAndMessage() {
        runner.answering("nvidia-smi", 9, "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA"
                + " driver. Make sure that the latest NVIDIA driver is installed and running.\n", "");
        NvidiaSmiSource source = new NvidiaSmiSource("node-3", runner, TIMEOUT);

        assertThatThrownBy(() -> source.collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("nvidia-smi -q -x on node-3 exited with status 9")
                .hasMessageContaining("couldn't communicate with the NVIDIA driver");
    }

    @Test
    void aTimeoutIsAFailureNamingTheLimit() {
        runner.timingOut("nvidia-smi");
        NvidiaSmiSource source = new NvidiaSmiSource("node-3", runner, TIMEOUT);

        assertThatThrownBy(() -> source.collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("nvidia-smi -q -x on node-3 did not finish within PT5S");
    }

    @Test
    void anIoFailureIsAFailure() {
        runner.failing("nvidia-smi", "Permission denied");

        assertThatThrownBy(() -> new NvidiaSmiSource("node-3", runner, TIMEOUT).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("could not be run: Permission denied");
    }

    @Test
    void unusableXmlIsAFailureAndNothingIsReturned() {
        String broken = TWO_GPUS.replace("<fan_speed>41 %</fan_speed>", "<fan_speed>41 furlongs</fan_speed>");
        runner.answering("nvidia-smi", 0, broken, "");

        assertThatThrownBy(() -> new NvidiaSmiSource("node-3", runner, TIMEOUT).collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("nvidia-smi -q -x on node-3 wrote unusable XML")
                .hasMessageContaining("fan_speed");
    }

    @Test
    void xidEventsFromTheKernelLogJoinTheirGpu() throws Exception {
        runner.answering("nvidia-smi", 0, TWO_GPUS, "")
                .answering("dmesg", 0, """
                        [ 1.0] NVRM: Xid (PCI:0000:02:00): 31, pid=77, name=python3, Ch 00000010, engmask 00000101
                        [ 2.0] NVRM: Xid (PCI:0000:02:00): 31, pid=77, name=python3, Ch 00000010, engmask 00000101
                        [ 3.0] NVRM: Xid (PCI:0000:c1:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.
                        """, "");
        NvidiaSmiSource source = new NvidiaSmiSource("node-3", "nvidia-smi", runner, TIMEOUT,
                new NvidiaSmiXmlParser(), new GpuSamples(), List.of("dmesg"));

        List<Sample> xids = source.collect(AT).stream()
                .filter(s -> s.metric().equals(GpuSamples.XID_EVENTS)).toList();

        assertThat(xids).hasSize(2);
        assertThat(xids).anySatisfy(s -> {
            assertThat(s.labels()).containsEntry("uuid", "GPU-bbbb").containsEntry("xid", "31");
            assertThat(s.value()).isEqualTo(2);
        });
        assertThat(xids).anySatisfy(s -> assertThat(s.labels())
                .isEqualTo(Map.of("pci_bus_id", "00000000:C1:00.0", "xid", "79")));
    }

    @Test
    void aFailingKernelLogCommandIsAFailure() {
        runner.answering("nvidia-smi", 0, TWO_GPUS, "")
                .answering("dmesg", 1, "", "dmesg: read kernel buffer failed: Operation not permitted");
        NvidiaSmiSource source = new NvidiaSmiSource("node-3", "nvidia-smi", runner, TIMEOUT,
                new NvidiaSmiXmlParser(), new GpuSamples(), List.of("dmesg"));

        assertThatThrownBy(() -> source.collect(AT))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("dmesg on node-3 exited with status 1")
                .hasMessageContaining("Operation not permitted");
    }

    @Test
    void aNonPositiveTimeoutIsRefused() {
        assertThatThrownBy(() -> new NvidiaSmiSource("node-3", runner, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}
