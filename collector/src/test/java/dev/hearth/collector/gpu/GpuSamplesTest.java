package dev.hearth.collector.gpu;

import dev.hearth.model.Sample;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GpuSamplesTest {
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final GpuSamples samples = new GpuSamples();
    private final NvidiaSmiXmlParser parser = new NvidiaSmiXmlParser();

    @Test
    void namesEverySampleInPrometheusStyleWithTheGpuLabels() {
        List<GpuFacts> gpus = parser.parse(SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")));

        List<Sample> out = samples.samples("node-3", AT, gpus);

        assertThat(out).allSatisfy(s -> {
            assertThat(s.node()).isEqualTo("node-3");
            assertThat(s.time()).isEqualTo(AT);
            assertThat(s.metric()).startsWith("hearth_gpu_");
        });
        assertThat(value(out, GpuSamples.DEVICES, Map.of())).isEqualTo(1);
        Map<String, String> gpu = Map.of("gpu", "0", "uuid", "GPU-aaaa", "model", "NVIDIA GeForce RTX 2080 Ti");
        assertThat(value(out, GpuSamples.TEMPERATURE, gpu)).isEqualTo(71);
        assertThat(value(out, GpuSamples.POWER, gpu)).isEqualTo(247.31);
        assertThat(value(out, GpuSamples.POWER_LIMIT, gpu)).isEqualTo(250);
        assertThat(value(out, GpuSamples.MEMORY_USED, gpu)).isEqualTo(10240.0 * 1024 * 1024);
        assertThat(value(out, GpuSamples.MEMORY_TOTAL, gpu)).isEqualTo(11264.0 * 1024 * 1024);
        assertThat(value(out, GpuSamples.FAN, gpu)).isEqualTo(0.41);
        assertThat(value(out, GpuSamples.CLOCK, with(gpu, "clock", "sm"))).isEqualTo(1635e6);
        assertThat(value(out, GpuSamples.UTILIZATION, with(gpu, "engine", "gpu"))).isEqualTo(0.97);
        assertThat(value(out, GpuSamples.THROTTLE, with(gpu, "reason", "sw_power_cap"))).isEqualTo(1);
        assertThat(value(out, GpuSamples.THROTTLE, with(gpu, "reason", "gpu_idle"))).isEqualTo(0);
        assertThat(value(out, GpuSamples.ECC_ERRORS, with(with(with(gpu, "scope", "volatile"), "type", "uncorrectable"),
                "location", "dram"))).isEqualTo(1);
        assertThat(value(out, GpuSamples.REMAPPED_ROWS, with(gpu, "cause", "correctable"))).isEqualTo(2);
        assertThat(value(out, GpuSamples.REMAPPED_ROWS_PENDING, gpu)).isEqualTo(1);
        assertThat(value(out, GpuSamples.REMAPPED_ROWS_FAILED, gpu)).isEqualTo(0);
    }

    @Test
    void absentValuesYieldNoSample() {
        List<GpuFacts> gpus = parser.parse(SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")));

        List<Sample> out = samples.samples("node-3", AT, gpus);

        assertThat(out).noneMatch(s -> s.metric().equals(GpuSamples.MEMORY_TEMPERATURE));
        assertThat(out).noneMatch(s -> s.metric().equals(GpuSamples.RETIRED_PAGES));
        assertThat(out).noneMatch(s -> s.metric().equals(GpuSamples.RETIRED_PAGES_PENDING));
        assertThat(out).noneMatch(s -> s.label("clock").equals("video"));
        assertThat(out).noneMatch(s -> s.label("reason").equals("sync_boost"));
    }

    @Test
    void noGpuIsOneSampleSayingZero() {
        assertThat(samples.samples("node-3", AT, List.of()))
                .containsExactly(Sample.of(AT, "node-3", GpuSamples.DEVICES, 0));
    }

    @Test
    void xidEventsAndVgpusCarryTheirOwnLabels() {
        String gpuXml = SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa").replace("</gpu>", """
                <vgpu_instances><vgpu_instance id="7"><vgpu_name>GRID T4-2Q</vgpu_name>
                <fb_memory_usage><total>2048 MiB</total><used>1024 MiB</used></fb_memory_usage>
                <utilization><gpu_util>50 %</gpu_util></utilization></vgpu_instance></vgpu_instances></gpu>""");
        GpuFacts gpu = parser.parse(SmiXml.log(gpuXml)).get(0).withXidEvents(Map.of(13, 2));

        List<Sample> out = samples.samples("node-3", AT, List.of(gpu));

        Map<String, String> labels = Map.of("gpu", "0", "uuid", "GPU-aaaa", "model", "NVIDIA GeForce RTX 2080 Ti");
        assertThat(value(out, GpuSamples.XID_EVENTS, with(labels, "xid", "13"))).isEqualTo(2);
        Map<String, String> vgpu = with(with(labels, "vgpu", "7"), "vgpu_type", "GRID T4-2Q");
        assertThat(value(out, GpuSamples.VGPU_UTILIZATION, with(vgpu, "engine", "gpu"))).isEqualTo(0.5);
        assertThat(value(out, GpuSamples.VGPU_MEMORY_USED, vgpu)).isEqualTo(1024.0 * 1024 * 1024);
        assertThat(value(out, GpuSamples.VGPU_MEMORY_TOTAL, vgpu)).isEqualTo(2048.0 * 1024 * 1024);
    }

    @Test
    void xidEventsOfAVanishedGpuCarryItsAddress() {
        assertThat(samples.unattributedXidEvents("node-3", AT, "00000000:C1:00.0", Map.of(79, 1)))
                .containsExactly(new Sample(AT, "node-3", GpuSamples.XID_EVENTS,
                        Map.of("pci_bus_id", "00000000:C1:00.0", "xid", "79"), 1));
    }

    private static double value(List<Sample> samples, String metric, Map<String, String> labels) {
        List<Sample> matching = samples.stream()
                .filter(s -> s.metric().equals(metric) && s.labels().equals(labels)).toList();
        assertThat(matching).as(metric + labels + " in " + samples).hasSize(1);
        return matching.get(0).value();
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(labels);
        more.put(name, value);
        return more;
    }
}
