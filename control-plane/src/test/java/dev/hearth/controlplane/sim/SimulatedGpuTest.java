package dev.hearth.controlplane.sim;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.gpu.NvidiaSmiSource;
import dev.hearth.collector.gpu.XidLogSource;
import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated GPU read through the real nvidia-smi and kernel log sources and parsers. */
class SimulatedGpuTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    private ThermalReadings now = new ThermalReadings(62.4, 24, 40, 1500, 900, 140, 205, 0.5);
    private final SimulatedGpu gpu = new SimulatedGpu("node-2", () -> now,
            Clock.fixed(T0.plusSeconds(300), ZoneOffset.UTC));
    private final NvidiaSmiSource smi = new NvidiaSmiSource("node-2", gpu, Duration.ofSeconds(1));
    private final XidLogSource xid = new XidLogSource("node-2", List.of("dmesg"), gpu, Duration.ofSeconds(1));

    @Test
    void nvidiaSmiReportsTheModelsReadingsInBaseUnits() throws CollectException {
        List<Sample> samples = smi.collect(T0);

        assertThat(value(samples, "hearth_gpu_temperature_celsius", Map.of())).isEqualTo(62.0);
        assertThat(value(samples, "hearth_gpu_power_watts", Map.of())).isEqualTo(140.0);
        assertThat(value(samples, "hearth_gpu_power_limit_watts", Map.of())).isEqualTo(250.0);
        assertThat(value(samples, "hearth_gpu_memory_total_bytes", Map.of())).isEqualTo(11264.0 * 1024 * 1024);
        assertThat(value(samples, "hearth_gpu_utilization_ratio", Map.of("engine", "gpu"))).isEqualTo(0.5);
        assertThat(value(samples, "hearth_gpu_throttle_active", Map.of("reason", "sw_thermal_slowdown")))
                .isEqualTo(0.0);
        assertThat(samples).allSatisfy(s -> assertThat(s.label("model")).isIn("", "NVIDIA GeForce RTX 2080 Ti"));
    }

    @Test
    void aHotGpuThrottlesItsClocks() throws CollectException {
        now = new ThermalReadings(92.0, 40, 60, 3500, 1800, 250, 315, 1.0);

        List<Sample> samples = smi.collect(T0);

        assertThat(value(samples, "hearth_gpu_throttle_active", Map.of("reason", "sw_thermal_slowdown")))
                .isEqualTo(1.0);
        assertThat(value(samples, "hearth_gpu_throttle_active", Map.of("reason", "hw_thermal_slowdown")))
                .isEqualTo(1.0);
        assertThat(value(samples, "hearth_gpu_clock_hertz", Map.of("clock", "graphics"))).isEqualTo(900e6);
    }

    @Test
    void injectedXidsAreCountedAndXid79LosesTheGpuUntilCleared() throws CollectException {
        assertThat(xid.collect(T0)).isEmpty();

        gpu.inject(Fault.XID_13);
        gpu.inject(Fault.XID_13);
        gpu.inject(Fault.XID_79);

        List<Sample> events = xid.collect(T0);
        assertThat(value(events, "hearth_gpu_xid_events_total", Map.of("xid", "13"))).isEqualTo(2.0);
        assertThat(value(events, "hearth_gpu_xid_events_total", Map.of("xid", "79"))).isEqualTo(1.0);
        assertThat(events).allSatisfy(s -> assertThat(s.label("pci_bus_id")).isEqualTo("00000000:01:00.0"));
        assertThatThrownBy(() -> smi.collect(T0))
                .isInstanceOf(CollectException.class)
                .hasMessageContaining("exited with status 15")
                .hasMessageContaining("GPU is lost");

        gpu.inject(Fault.CLEAR);
        assertThat(value(smi.collect(T0), "hearth_gpu_temperature_celsius", Map.of())).isEqualTo(62.0);
        // the log is not rewritten by clearing: counts only ever grow until a reboot
        assertThat(value(xid.collect(T0), "hearth_gpu_xid_events_total", Map.of("xid", "79"))).isEqualTo(1.0);
    }

    @Test
    void overheatingDoesNotLogXidsAndXidsDoNotChangeTheThermalModel() {
        ThermalModel model = new ThermalModel(T0, 0);
        model.inject(Fault.OVERHEAT, T0);
        model.inject(Fault.XID_13, T0.plusSeconds(1));
        assertThat(model.overheating()).isTrue();
        assertThat(Fault.parse("xid-79")).isEqualTo(Fault.XID_79);
        assertThat(Fault.XID_79.xid()).hasValue(79);
        assertThat(Fault.OVERHEAT.xid()).isEmpty();
    }

    private static double value(List<Sample> samples, String metric, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.metric().equals(metric))
                .filter(s -> labels.entrySet().stream().allMatch(e -> s.label(e.getKey()).equals(e.getValue())))
                .map(Sample::value)
                .reduce((a, b) -> {
                    throw new AssertionError("more than one sample of " + metric + labels + " in " + samples);
                })
                .orElseThrow(() -> new AssertionError("no sample of " + metric + labels + " in " + samples));
    }
}
