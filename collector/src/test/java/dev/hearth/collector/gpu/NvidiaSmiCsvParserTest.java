package dev.hearth.collector.gpu;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NvidiaSmiCsvParserTest {
    private static final double MIB = 1024.0 * 1024;
    private static final String HEADER = "index, uuid, name, pci.bus_id, temperature.gpu, power.draw [W],"
            + " enforced.power.limit [W], clocks.current.graphics [MHz], clocks.current.memory [MHz],"
            + " utilization.gpu [%], memory.used [MiB], memory.total [MiB], fan.speed [%],"
            + " clocks_event_reasons.active, clocks_event_reasons.sw_power_cap,"
            + " ecc.errors.corrected.volatile.total, retired_pages.pending";

    private final NvidiaSmiCsvParser parser = new NvidiaSmiCsvParser();

    @Test
    void readsTheDefaultCsvWithUnitsInHeaderAndValues() {
        String csv = HEADER + "\n"
                + "0, GPU-aaaa, NVIDIA GeForce RTX 2080 Ti, 00000000:01:00.0, 71, 247.31 W, 250.00 W, 1635 MHz,"
                + " 7000 MHz, 97 %, 10240 MiB, 11264 MiB, 41 %, 0x0000000000000004, Active, [N/A], [N/A]\n"
                + "1, GPU-bbbb, NVIDIA GeForce RTX 2080 Ti, 00000000:02:00.0, 40, 20.00 W, 250.00 W, 300 MHz,"
                + " 405 MHz, 0 %, 1 MiB, 11264 MiB, [N/A], 0x0000000000000001, Not Active, 0, No\n";

        List<GpuFacts> gpus = parser.parse(csv);

        assertThat(gpus).hasSize(2);
        GpuFacts busy = gpus.get(0);
        assertThat(busy.uuid()).isEqualTo("GPU-aaaa");
        assertThat(busy.model()).isEqualTo("NVIDIA GeForce RTX 2080 Ti");
        assertThat(busy.temperatureCelsius()).hasValue(71);
        assertThat(busy.powerDrawWatts()).hasValue(247.31);
        assertThat(busy.powerLimitWatts()).hasValue(250);
        assertThat(busy.clocksHertz()).isEqualTo(Map.of("graphics", 1635e6, "memory", 7000e6));
        assertThat(busy.utilizationRatio()).isEqualTo(Map.of("gpu", 0.97));
        assertThat(busy.memoryUsedBytes()).hasValue(10240 * MIB);
        assertThat(busy.fanRatio()).hasValue(0.41);
        // the "active" bit mask is not a reason of its own
        assertThat(busy.throttleReasons()).isEqualTo(Map.of("sw_power_cap", true));
        assertThat(busy.memoryErrors().eccErrors()).isEmpty();
        GpuFacts idle = gpus.get(1);
        assertThat(idle.index()).isEqualTo(1);
        assertThat(idle.fanRatio()).isEmpty();
        assertThat(idle.memoryErrors().eccErrors())
                .containsExactly(new EccErrorCount("volatile", "correctable", "total", 0));
        assertThat(idle.memoryErrors().retirementPending()).contains(false);
    }

    @Test
    void readsNounitsOutputInTheHeadersUnits() {
        String csv = "uuid, memory.used [MiB], power.draw [W], temperature.gpu\nGPU-aaaa, 512, 80.22, 36\n";

        GpuFacts gpu = parser.parse(csv).get(0);

        assertThat(gpu.memoryUsedBytes()).hasValue(512 * MIB);
        assertThat(gpu.powerDrawWatts()).hasValue(80.22);
        assertThat(gpu.temperatureCelsius()).hasValue(36);
        assertThat(gpu.index()).isZero();
    }

    @Test
    void readsNoheaderOutputWithTheQueriedFieldsAndTheirShortNames() {
        List<String> fields = List.of("index", "uuid", "clocks.gr", "clocks.mem", "clocks_throttle_reasons.hw_slowdown",
                "memory.used", "retired_pages.sbe");
        String csv = "0, GPU-aaaa, 345, 3201, Not Active, 7, 0\n";

        GpuFacts gpu = parser.parse(csv, fields).get(0);

        assertThat(gpu.clocksHertz()).isEqualTo(Map.of("graphics", 345e6, "memory", 3201e6));
        assertThat(gpu.throttleReasons()).isEqualTo(Map.of("hw_slowdown", false));
        assertThat(gpu.memoryUsedBytes()).hasValue(7 * MIB);
        assertThat(gpu.memoryErrors().retiredPages()).isEqualTo(Map.of("single_bit", 0.0));
    }

    @Test
    void noheaderOutputWithoutRowsMeansNoGpu() {
        assertThat(parser.parse("", List.of("uuid", "temperature.gpu"))).isEmpty();
    }

    @Test
    void aRowShorterThanTheHeaderIsAnErrorNamingTheLine() {
        String csv = "uuid, temperature.gpu, memory.used [MiB]\nGPU-aaaa, 40, 1 MiB\nGPU-bbbb, 41\n";

        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOf(GpuOutputException.class)
                .hasMessageContaining("line 3 has 2 values but 3 fields were queried");
    }

    @Test
    void aWrongUnitInTheHeaderIsAnErrorNamingTheColumn() {
        String csv = "uuid, fan.speed [RPM]\nGPU-aaaa, 1800\n";

        assertThatThrownBy(() -> parser.parse(csv))
                .isInstanceOf(GpuOutputException.class)
                .hasMessageContaining("column 'fan.speed [RPM]'");
    }

    @Test
    void aWrongUnitInAValueIsAnErrorNamingTheField() {
        String csv = "uuid, power.draw [W]\nGPU-aaaa, 80 MHz\n";

        assertThatThrownBy(() -> parser.parse(csv))
                .hasMessageContaining("line 2 field power.draw")
                .hasMessageContaining("'80 MHz'");
    }

    @Test
    void outputWithoutUuidIsAnError() {
        assertThatThrownBy(() -> parser.parse("index, temperature.gpu\n0, 40\n"))
                .hasMessageContaining("no uuid column");
    }

    @Test
    void emptyOutputIsAnError() {
        assertThatThrownBy(() -> parser.parse("  \n")).hasMessageContaining("empty");
    }
}
