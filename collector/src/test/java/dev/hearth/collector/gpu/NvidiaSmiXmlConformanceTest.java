package dev.hearth.collector.gpu;

import dev.hearth.testsupport.SharedFixtures;

import dev.hearth.model.Sample;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code nvidia-smi -q -x} capture in {@code ../shared/fixtures/nvidia-smi/xml} (17 files, 15 GPU
 * models, driver generations from the v10 to the v13 DTD) parses, and a few are checked value by value.
 * Skipped where the fixtures are absent.
 */
class NvidiaSmiXmlConformanceTest {
    private static final double MIB = 1024.0 * 1024;
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final NvidiaSmiXmlParser parser = new NvidiaSmiXmlParser();

    @TestFactory
    Stream<DynamicTest> everyCaptureParses() {
        List<Path> files = SharedFixtures.files(SharedFixtures.folder("nvidia-smi/xml"), ".xml");
        assertThat(files).hasSize(17);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            List<GpuFacts> gpus = parser.parse(SharedFixtures.read(file));

            assertThat(gpus).as(file.toString()).isNotEmpty();
            assertThat(gpus).allSatisfy(gpu -> {
                assertThat(gpu.uuid()).startsWith("GPU-");
                assertThat(gpu.model()).isNotBlank();
                assertThat(gpu.temperatureCelsius()).isPresent();
                assertThat(gpu.memoryTotalBytes()).isPresent();
                assertThat(gpu.clocksHertz()).containsKey("graphics");
            });
            List<Sample> samples = new GpuSamples().samples("node-1", AT, gpus);
            assertThat(samples).allSatisfy(s -> assertThat(s.value()).isFinite());
            assertThat(samples).anyMatch(s -> s.metric().equals(GpuSamples.TEMPERATURE));
        }));
    }

    @Test
    void dualRtx2080() {
        List<GpuFacts> gpus = parse("telegraf-pr18176/dual_2080-v13.xml");

        assertThat(gpus).hasSize(2);
        GpuFacts first = gpus.get(0);
        assertThat(first.model()).isEqualTo("NVIDIA GeForce RTX 2080");
        assertThat(first.pciBusId()).isEqualTo("00000000:01:00.0");
        assertThat(first.temperatureCelsius()).hasValue(15);
        assertThat(first.powerDrawWatts()).hasValue(1.00);
        assertThat(first.powerLimitWatts()).hasValue(215);
        assertThat(first.memoryTotalBytes()).hasValue(8192 * MIB);
        assertThat(first.fanRatio()).hasValue(0.31);
        assertThat(first.clocksHertz()).containsEntry("memory", 405e6);
        assertThat(first.throttleReasons()).containsEntry("gpu_idle", true).containsEntry("sw_power_cap", false);
        // a GeForce card has no ECC: every counter reads N/A, so none is reported
        assertThat(first.memoryErrors().eccErrors()).isEmpty();
        assertThat(gpus.get(1).index()).isEqualTo(1);
        assertThat(gpus.get(1).powerDrawWatts()).hasValue(1.62);
    }

    @Test
    void a100WithEccAndMig() {
        GpuFacts gpu = parse("telegraf/a100-sxm4-v12.xml").get(0);

        assertThat(gpu.powerDrawWatts()).hasValue(67.03);
        assertThat(gpu.powerLimitWatts()).hasValue(500);
        assertThat(gpu.memoryTotalBytes()).hasValue(81920 * MIB);
        assertThat(gpu.fanRatio()).isEmpty();
        assertThat(gpu.memoryErrors().eccErrors()).hasSize(8)
                .contains(new EccErrorCount("aggregate", "uncorrectable", "dram", 0));
        // in MIG mode the whole-GPU utilisation reads N/A
        assertThat(gpu.utilizationRatio()).isEmpty();
    }

    @Test
    void teslaT4WithRetiredPages() {
        GpuFacts gpu = parse("telegraf/tesla-t4.xml").get(0);

        assertThat(gpu.model()).isEqualTo("Tesla T4");
        assertThat(gpu.powerDrawWatts()).hasValue(26.78);
        assertThat(gpu.powerLimitWatts()).hasValue(70);
        assertThat(gpu.memoryErrors().retiredPages()).isEqualTo(Map.of("single_bit", 0.0, "double_bit", 0.0));
    }

    @Test
    void olderCardsWithoutPowerReadings() {
        GpuFacts gtx = parse("telegraf/gtx-1070-ti.xml").get(0);
        assertThat(gtx.powerDrawWatts()).isEmpty();
        assertThat(gtx.fanRatio()).hasValue(1.0);
        assertThat(gtx.temperatureCelsius()).hasValue(39);

        GpuFacts quadro = parse("telegraf/quadro-p400.xml").get(0);
        assertThat(quadro.powerDrawWatts()).isEmpty();
        assertThat(quadro.powerLimitWatts()).isEmpty();
    }

    @Test
    void rtx3080UnderLoad() {
        GpuFacts gpu = parse("telegraf/rtx-3080-v13.xml").get(0);

        assertThat(gpu.utilizationRatio()).containsEntry("gpu", 0.65).containsEntry("memory", 0.09);
        assertThat(gpu.powerDrawWatts()).hasValue(139.62);
        assertThat(gpu.clocksHertz()).containsEntry("graphics", 1950e6);
    }

    private List<GpuFacts> parse(String relative) {
        Path file = SharedFixtures.folder("nvidia-smi/xml").resolve(relative);
        return parser.parse(SharedFixtures.read(file));
    }
}
