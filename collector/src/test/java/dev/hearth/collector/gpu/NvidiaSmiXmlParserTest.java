package dev.hearth.collector.gpu;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NvidiaSmiXmlParserTest {
    private static final double MIB = 1024.0 * 1024;

    private final NvidiaSmiXmlParser parser = new NvidiaSmiXmlParser();

    @Test
    void readsAModernGpuInBaseUnits() {
        List<GpuFacts> gpus = parser.parse(SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")));

        assertThat(gpus).hasSize(1);
        GpuFacts gpu = gpus.get(0);
        assertThat(gpu.index()).isZero();
        assertThat(gpu.uuid()).isEqualTo("GPU-aaaa");
        assertThat(gpu.model()).isEqualTo("NVIDIA GeForce RTX 2080 Ti");
        assertThat(gpu.pciBusId()).isEqualTo("00000000:01:00.0");
        assertThat(gpu.temperatureCelsius()).hasValue(71);
        // average_power_draw is N/A on Turing: the instant reading stands in
        assertThat(gpu.powerDrawWatts()).hasValue(247.31);
        assertThat(gpu.powerLimitWatts()).hasValue(250);
        assertThat(gpu.clocksHertz()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "graphics", 1635e6, "sm", 1635e6, "memory", 7000e6));
        assertThat(gpu.utilizationRatio()).containsExactlyInAnyOrderEntriesOf(Map.of("gpu", 0.97, "memory", 0.35));
        assertThat(gpu.memoryUsedBytes()).hasValue(10240 * MIB);
        assertThat(gpu.memoryTotalBytes()).hasValue(11264 * MIB);
        assertThat(gpu.fanRatio()).hasValue(0.41);
        assertThat(gpu.throttleReasons()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gpu_idle", false, "sw_power_cap", true, "hw_thermal_slowdown", false));
        assertThat(gpu.memoryErrors().eccErrors()).containsExactlyInAnyOrder(
                new EccErrorCount("volatile", "correctable", "sram", 3),
                new EccErrorCount("volatile", "uncorrectable", "sram_parity", 0),
                new EccErrorCount("volatile", "uncorrectable", "dram", 1),
                new EccErrorCount("aggregate", "correctable", "sram", 12));
        assertThat(gpu.memoryErrors().remappedRows()).containsExactlyInAnyOrderEntriesOf(
                Map.of("correctable", 2.0, "uncorrectable", 0.0));
        assertThat(gpu.memoryErrors().remapPending()).contains(true);
        assertThat(gpu.memoryErrors().remapFailed()).contains(false);
        assertThat(gpu.vgpus()).isEmpty();
        assertThat(gpu.xidEvents()).isEmpty();
    }

    @Test
    void valuesNvidiaSmiDoesNotHaveAreAbsentNeverZero() {
        GpuFacts gpu = parser.parse(SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa"))).get(0);

        assertThat(gpu.memoryTemperatureCelsius()).isEmpty();
        assertThat(gpu.clocksHertz()).doesNotContainKey("video");
        assertThat(gpu.utilizationRatio()).doesNotContainKey("encoder");
        assertThat(gpu.throttleReasons()).doesNotContainKey("sync_boost");
        assertThat(gpu.memoryErrors().retiredPages()).isEmpty();
        assertThat(gpu.memoryErrors().retirementPending()).isEmpty();
        assertThat(gpu.memoryErrors().eccErrors()).noneMatch(e -> e.location().equals("dram")
                && e.type().equals("correctable"));
    }

    @Test
    void readsTheOlderDriverLayout() {
        GpuFacts gpu = parser.parse(SmiXml.log(SmiXml.olderGpu())).get(0);

        assertThat(gpu.powerDrawWatts()).hasValue(36.04);
        // the enforced limit, not the configured one, is what holds the clocks down
        assertThat(gpu.powerLimitWatts()).hasValue(230);
        assertThat(gpu.fanRatio()).isEmpty();
        assertThat(gpu.throttleReasons()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "gpu_idle", true, "hw_slowdown", false));
        assertThat(gpu.memoryErrors().eccErrors()).containsExactlyInAnyOrder(
                new EccErrorCount("volatile", "correctable", "device_memory", 4),
                new EccErrorCount("volatile", "correctable", "total", 4),
                new EccErrorCount("volatile", "uncorrectable", "device_memory", 0),
                new EccErrorCount("volatile", "uncorrectable", "total", 0));
        assertThat(gpu.memoryErrors().retiredPages()).containsExactlyInAnyOrderEntriesOf(
                Map.of("single_bit", 1.0, "double_bit", 0.0));
        assertThat(gpu.memoryErrors().retirementPending()).contains(false);
    }

    @Test
    void numbersGpusInDocumentOrder() {
        List<GpuFacts> gpus = parser.parse(SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa"),
                SmiXml.modernGpu("00000000:02:00.0", "GPU-bbbb")));

        assertThat(gpus).extracting(GpuFacts::index, GpuFacts::uuid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "GPU-aaaa"),
                        org.assertj.core.groups.Tuple.tuple(1, "GPU-bbbb"));
    }

    @Test
    void aLogWithoutGpuIsAnEmptyList() {
        assertThat(parser.parse(SmiXml.log())).isEmpty();
    }

    @Test
    void readsVgpuInstances() {
        String gpu = SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa").replace("</gpu>", """
                <vgpu_instances>
                    <vgpu_instance id="3251634178">
                        <vgpu_name>GRID T4-2Q</vgpu_name>
                        <fb_memory_usage><total>2048 MiB</total><used>203 MiB</used></fb_memory_usage>
                        <utilization><gpu_util>12 %</gpu_util><memory_util>N/A</memory_util></utilization>
                    </vgpu_instance>
                    <vgpu_instance>
                        <vgpu_id>3251634179</vgpu_id>
                        <vgpu_type>GRID T4-4Q</vgpu_type>
                        <fb_memory_usage><total>4096 MiB</total><used>N/A</used></fb_memory_usage>
                    </vgpu_instance>
                </vgpu_instances>
                </gpu>""");

        List<VgpuFacts> vgpus = parser.parse(SmiXml.log(gpu)).get(0).vgpus();

        assertThat(vgpus).hasSize(2);
        assertThat(vgpus.get(0).id()).isEqualTo("3251634178");
        assertThat(vgpus.get(0).type()).isEqualTo("GRID T4-2Q");
        assertThat(vgpus.get(0).utilizationRatio()).containsExactlyEntriesOf(Map.of("gpu", 0.12));
        assertThat(vgpus.get(0).memoryUsedBytes()).hasValue(203 * MIB);
        assertThat(vgpus.get(1).id()).isEqualTo("3251634179");
        assertThat(vgpus.get(1).type()).isEqualTo("GRID T4-4Q");
        assertThat(vgpus.get(1).memoryUsedBytes()).isEmpty();
        assertThat(vgpus.get(1).memoryTotalBytes()).hasValue(4096 * MIB);
    }

    @Test
    void aWrongUnitIsAnErrorNamingTheGpuAndField() {
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")
                .replace("<fan_speed>41 %</fan_speed>", "<fan_speed>1800 RPM</fan_speed>"));

        assertThatThrownBy(() -> parser.parse(xml))
                .isInstanceOf(GpuOutputException.class)
                .hasMessageContaining("GPU #0 (00000000:01:00.0)")
                .hasMessageContaining("fan_speed")
                .hasMessageContaining("'1800 RPM'")
                .hasMessageContaining("unit 'RPM'");
    }

    @Test
    void aPowerInKilowattsIsAnError() {
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")
                .replace("247.31 W", "0.25 kW"));

        assertThatThrownBy(() -> parser.parse(xml))
                .hasMessageContaining("gpu_power_readings/instant_power_draw")
                .hasMessageContaining("'0.25 kW'");
    }

    @Test
    void aNumberWithoutItsUnitIsAnError() {
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")
                .replace("<gpu_temp>71 C</gpu_temp>", "<gpu_temp>71</gpu_temp>"));

        assertThatThrownBy(() -> parser.parse(xml))
                .hasMessageContaining("temperature/gpu_temp")
                .hasMessageContaining("without a unit");
    }

    @Test
    void textWhereANumberBelongsIsAnError() {
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")
                .replace("<remapped_row_corr>2</remapped_row_corr>", "<remapped_row_corr>many</remapped_row_corr>"));

        assertThatThrownBy(() -> parser.parse(xml))
                .hasMessageContaining("remapped_rows/remapped_row_corr")
                .hasMessageContaining("'many'");
    }

    @Test
    void anUnknownThrottleStateIsAnError() {
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")
                .replace("<clocks_event_reason_gpu_idle>Not Active", "<clocks_event_reason_gpu_idle>Maybe"));

        assertThatThrownBy(() -> parser.parse(xml))
                .hasMessageContaining("clocks_event_reasons/clocks_event_reason_gpu_idle")
                .hasMessageContaining("'Active' or 'Not Active'");
    }

    @Test
    void malformedXmlIsAnErrorWithItsPosition() {
        assertThatThrownBy(() -> parser.parse(SmiXml.HEADER + "<nvidia_smi_log><gpu id=\"x\"></nvidia_smi_log>"))
                .isInstanceOf(GpuOutputException.class)
                .hasMessageContaining("malformed at line 3");
    }

    @Test
    void truncatedOutputIsAnError() {
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa"));

        assertThatThrownBy(() -> parser.parse(xml.substring(0, xml.length() / 2)))
                .isInstanceOf(GpuOutputException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void aGpuWithoutUuidIsAnError() {
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa").replace("<uuid>GPU-aaaa</uuid>", ""));

        assertThatThrownBy(() -> parser.parse(xml)).hasMessageContaining("GPU #0 (00000000:01:00.0) has no <uuid>");
    }

    @Test
    void anotherDocumentIsAnError() {
        assertThatThrownBy(() -> parser.parse("<?xml version=\"1.0\"?><html><body/></html>"))
                .hasMessageContaining("root element is <html>");
    }

    @Test
    void externalEntitiesAreRefusedAndNothingIsRead(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]>\n<nvidia_smi_log><gpu id=\"x\"><uuid>&xxe;</uuid><product_name>p</product_name></gpu>"
                + "</nvidia_smi_log>";

        assertThatThrownBy(() -> parser.parse(xml))
                .isInstanceOf(GpuOutputException.class)
                .hasMessageContaining("declares an entity")
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void entityExpansionIsRefused() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n<nvidia_smi_log>&lol2;</nvidia_smi_log>";

        assertThatThrownBy(() -> parser.parse(xml)).hasMessageContaining("declares an entity");
    }

    @Test
    void anInternalSubsetWithoutEntitiesIsRefusedToo() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log [<!ELEMENT nvidia_smi_log ANY>]>\n"
                + "<nvidia_smi_log></nvidia_smi_log>";

        assertThatThrownBy(() -> parser.parse(xml)).hasMessageContaining("internal DTD subset");
    }

    @Test
    void theDtdNvidiaSmiNamesIsNeitherFetchedNorNeeded() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log SYSTEM \"http://127.0.0.1:9/nvsmi_device_v13.dtd\">\n"
                + "<nvidia_smi_log></nvidia_smi_log>";

        assertThat(parser.parse(xml)).isEmpty();
    }

    @Test
    void hugeInputIsRefusedBeforeParsing() {
        NvidiaSmiXmlParser small = new NvidiaSmiXmlParser(1000);
        String xml = SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa"));

        assertThatThrownBy(() -> small.parse(xml))
                .isInstanceOf(GpuOutputException.class)
                .hasMessageContaining(xml.length() + " characters, more than the limit of 1000");
    }

    @Test
    void aVgpuWithoutIdIsAnError() {
        String gpu = SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")
                .replace("</gpu>", "<vgpu_instances><vgpu_instance><vgpu_name>x</vgpu_name></vgpu_instance>"
                        + "</vgpu_instances></gpu>");

        assertThatThrownBy(() -> parser.parse(SmiXml.log(gpu))).hasMessageContaining("vGPU instance #0");
    }

    @Test
    void percentagesBecomeExactRatios() {
        GpuFacts gpu = parser.parse(SmiXml.log(SmiXml.modernGpu("00000000:01:00.0", "GPU-aaaa")
                .replace("41 %", "35 %"))).get(0);

        assertThat(gpu.fanRatio()).hasValue(0.35);
    }
}
