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
import static org.assertj.core.api.Assertions.tuple;

class XidLogSourceTest {
    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    private static final String LOG = """
            [  12.000000] nvidia: loading out-of-tree module taints kernel.
            [ 301.123456] NVRM: Xid (PCI:0000:01:00): 13, pid=4242, name=python3, Graphics Exception
            [ 302.000001] NVRM: Xid (PCI:0000:01:00): 13, pid=4242, name=python3, Graphics Exception
            [ 900.000000] NVRM: Xid (PCI:0000:01:00): 79, pid=0, GPU has fallen off the bus.
            """;

    private final CommandRunnerDouble runner = new CommandRunnerDouble();

    private XidLogSource source() {
        return new XidLogSource("node-1", List.of("dmesg"), runner, Duration.ofSeconds(2));
    }

    @Test
    void countsEachCodePerGpuAddressFromTheKernelLog() throws CollectException {
        runner.answering("dmesg", 0, LOG, "");

        List<Sample> samples = source().collect(T);

        assertThat(samples).extracting(Sample::node, Sample::metric, Sample::labels, Sample::value, Sample::time)
                .containsExactly(
                        tuple("node-1", "hearth_gpu_xid_events_total",
                                Map.of("pci_bus_id", "00000000:01:00.0", "xid", "13"), 2.0, T),
                        tuple("node-1", "hearth_gpu_xid_events_total",
                                Map.of("pci_bus_id", "00000000:01:00.0", "xid", "79"), 1.0, T));
        assertThat(source().kind()).isEqualTo("xid");
    }

    @Test
    void aLogWithoutXidLinesYieldsNothing() throws CollectException {
        runner.answering("dmesg", 0, "[ 1.0] Linux version 6.1\n", "");

        assertThat(source().collect(T)).isEmpty();
    }

    @Test
    void aFailingOrHangingReaderIsAnErrorNotZeroEvents() {
        runner.answering("dmesg", 1, "", "dmesg: read kernel buffer failed: Operation not permitted");
        assertThatThrownBy(() -> source().collect(T))
                .isInstanceOf(CollectException.class)
                .hasMessage("dmesg on node-1 exited with status 1: 'dmesg: read kernel buffer failed: Operation "
                        + "not permitted' (reading the kernel log may need privileges)");

        runner.timingOut("dmesg");
        assertThatThrownBy(() -> source().collect(T))
                .isInstanceOf(CollectException.class)
                .hasMessage("dmesg on node-1 did not finish within PT2S; it was killed");

        runner.missing("dmesg");
        assertThatThrownBy(() -> source().collect(T))
                .isInstanceOf(CollectException.class)
                .hasMessageStartingWith("dmesg on node-1 failed: dmesg is not installed");
    }

    @Test
    void rejectsAnEmptyCommandOrTimeout() {
        assertThatThrownBy(() -> new XidLogSource("node-1", List.of(), runner, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernel log command of node-1 is empty");
        assertThatThrownBy(() -> new XidLogSource("node-1", List.of("dmesg"), runner, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be positive");
    }
}
