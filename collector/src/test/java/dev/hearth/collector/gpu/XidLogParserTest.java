package dev.hearth.collector.gpu;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class XidLogParserTest {
    private final XidLogParser parser = new XidLogParser();

    @Test
    void countsXidEventsByGpuAddressAndCode() {
        String log = """
                [  12.345678] nvidia-modeset: Loading NVIDIA Kernel Mode Setting Driver
                [ 912.000001] NVRM: Xid (PCI:0000:01:00): 13, pid=4242, name=python3, Graphics SM Warp Exception on (GPC 0, TPC 1)
                [ 912.000002] NVRM: Xid (PCI:0000:01:00): 13, pid=4242, name=python3, Graphics Exception: ESR 0x504648
                [1300.100000] NVRM: Xid (PCI:0000:c1:00): 79, pid='<unknown>', name=<unknown>, GPU has fallen off the bus.
                [1400.000000] NVRM: GPU at PCI:0000:c1:00: GPU-5f3a
                """;

        Map<String, Map<Integer, Integer>> events = parser.parse(log);

        assertThat(events).isEqualTo(Map.of(
                "00000000:01:00.0", Map.of(13, 2),
                "00000000:C1:00.0", Map.of(79, 1)));
    }

    @Test
    void readsTheOlderSpellingWithoutPciPrefix() {
        assertThat(parser.parse("NVRM: Xid (0000:3b:00): 48, An uncorrectable double bit error"))
                .isEqualTo(Map.of("00000000:3B:00.0", Map.of(48, 1)));
    }

    @Test
    void aLogWithoutXidHasNoEvents() {
        assertThat(parser.parse("kernel: eth0: link up\nNVRM: loading NVIDIA UNIX x86_64 Kernel Module\n")).isEmpty();
    }
}
