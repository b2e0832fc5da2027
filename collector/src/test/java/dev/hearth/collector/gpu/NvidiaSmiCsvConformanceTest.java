package dev.hearth.collector.gpu;

import dev.hearth.testsupport.SharedFixtures;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code --query-gpu … --format=csv} outputs in {@code ../shared/fixtures/nvidia-smi}: the small
 * sample in {@code query-gpu-csv}, and the idle and loaded full-field queries (about 200 fields each) in
 * every capture of {@code captures-nvidia_gpu_exporter}. Skipped where the fixtures are absent.
 */
class NvidiaSmiCsvConformanceTest {
    private static final double MIB = 1024.0 * 1024;
    private static final String SECTION = ":: query-gpu (csv";

    private final NvidiaSmiCsvParser parser = new NvidiaSmiCsvParser();

    @Test
    void theSmallSampleParses() {
        Path file = SharedFixtures.folder("nvidia-smi/query-gpu-csv").resolve("nvidia_gpu_exporter-query.txt");

        List<GpuFacts> gpus = parser.parse(SharedFixtures.read(file));

        assertThat(gpus).hasSize(2);
        assertThat(gpus.get(0).model()).isEqualTo("NVIDIA GeForce RTX 2080 SUPER");
        assertThat(gpus.get(0).uuid()).isEqualTo("GPU-df6e7a7c-7314-46f8-abc4-b88b36dcf3aa");
        assertThat(gpus.get(0).fanRatio()).hasValue(0.38);
        assertThat(gpus.get(0).memoryUsedBytes()).hasValue(575 * MIB);
        assertThat(gpus.get(1).index()).isEqualTo(1);
        assertThat(gpus.get(1).memoryUsedBytes()).hasValue(1234 * MIB);
    }

    @TestFactory
    Stream<DynamicTest> everyCapturedQueryParses() {
        List<Path> captures = SharedFixtures.files(SharedFixtures.folder("nvidia-smi/captures-nvidia_gpu_exporter"),
                ".txt");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path capture : captures) {
            List<String> lines = SharedFixtures.read(capture).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(SECTION)) {
                    String state = lines.get(i).replace("#", "").strip().split(" ")[0];
                    String csv = csvAfter(lines, i);
                    tests.add(DynamicTest.dynamicTest(capture.getFileName() + " " + state, () -> check(csv)));
                }
            }
        }
        assertThat(tests).as("query-gpu sections in " + captures.size() + " captures").hasSize(2 * captures.size());
        return tests.stream();
    }

    private void check(String csv) {
        List<GpuFacts> gpus = parser.parse(csv);

        assertThat(gpus).hasSize(1);
        GpuFacts gpu = gpus.get(0);
        assertThat(gpu.uuid()).startsWith("GPU-");
        assertThat(gpu.model()).startsWith("NVIDIA");
        assertThat(gpu.temperatureCelsius()).isPresent();
        assertThat(gpu.powerDrawWatts()).isPresent();
        assertThat(gpu.powerLimitWatts()).isPresent();
        assertThat(gpu.memoryTotalBytes()).isPresent();
        assertThat(gpu.clocksHertz()).containsKeys("graphics", "sm", "memory");
        assertThat(gpu.throttleReasons()).containsKey("gpu_idle");
    }

    /** The CSV of the section whose title is at {@code title}: after the command and rule lines, up to a blank line. */
    private static String csvAfter(List<String> lines, int title) {
        int start = title + 1;
        while (lines.get(start).startsWith("#")) {
            start++;
        }
        StringBuilder csv = new StringBuilder();
        for (int i = start; i < lines.size() && !lines.get(i).isBlank(); i++) {
            csv.append(lines.get(i)).append('\n');
        }
        return csv.toString();
    }

    @Test
    void anIdleH100InMigMode() {
        Path capture = SharedFixtures.folder("nvidia-smi/captures-nvidia_gpu_exporter")
                .resolve("linux-x86_64__nvidia-h100-mig__590.48.01.txt");
        List<String> lines = SharedFixtures.read(capture).lines().toList();
        int idle = -1;
        for (int i = 0; i < lines.size() && idle < 0; i++) {
            if (lines.get(i).contains("# idle " + SECTION)) {
                idle = i;
            }
        }

        GpuFacts gpu = parser.parse(csvAfter(lines, idle)).get(0);

        assertThat(gpu.model()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(gpu.temperatureCelsius()).hasValue(42);
        assertThat(gpu.memoryTemperatureCelsius()).hasValue(48);
        assertThat(gpu.powerDrawWatts()).hasValue(71.15);
        assertThat(gpu.powerLimitWatts()).hasValue(700);
        assertThat(gpu.memoryTotalBytes()).hasValue(81559 * MIB);
        assertThat(gpu.fanRatio()).isEmpty();
        assertThat(gpu.utilizationRatio()).isEmpty();
        assertThat(gpu.throttleReasons()).containsEntry("gpu_idle", true).containsEntry("hw_slowdown", false);
        assertThat(gpu.memoryErrors().eccErrors())
                .contains(new EccErrorCount("aggregate", "uncorrectable", "sram_secded", 0),
                        new EccErrorCount("volatile", "correctable", "total", 0));
    }
}
