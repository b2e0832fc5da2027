package dev.hearth.collector.gpu;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.Source;
import dev.hearth.model.Sample;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Counts a node's Xid events from its kernel log (kind {@code "xid"}), on its own rather than as part
 * of {@link NvidiaSmiSource}: the most serious event, Xid 79 (the GPU fell off the bus), is exactly when
 * nvidia-smi stops answering, and the count must still reach the rules. Samples are
 * {@code hearth_gpu_xid_events_total{pci_bus_id, xid}}, a counter per GPU address and code since the
 * log began (a reboot starts it again, which counter-rate queries read as a reset).
 *
 * <p>A log without Xid lines yields no sample, which is not an error: the rules read absence as
 * "no events". A command that fails or times out is a {@link CollectException}.
 */
public final class XidLogSource implements Source {
    private final String node;
    private final List<String> command;
    private final CommandRunner runner;
    private final Duration timeout;
    private final XidLogParser parser = new XidLogParser();
    private final GpuSamples samples = new GpuSamples();

    /** @param command the kernel log reader, e.g. {@code [dmesg]} or {@code [journalctl, -k, -b, -o, cat]} */
    public XidLogSource(String node, List<String> command, CommandRunner runner, Duration timeout) {
        this.node = Objects.requireNonNull(node, "node");
        this.command = List.copyOf(command);
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("the kernel log command of " + node
                    + " is empty; give one such as [dmesg] or [journalctl, -k, -b, -o, cat]");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("kernel log timeout " + timeout + " for " + node
                    + " must be positive, e.g. PT5S");
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "xid";
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        String what = String.join(" ", command) + " on " + node;
        CommandOutput log;
        try {
            log = runner.run(command, timeout);
        } catch (NoSuchFileException e) {
            throw new CollectException(what + " failed: " + e.getFile()
                    + " is not installed; fix the kernel log command", e);
        } catch (TimeoutException e) {
            throw new CollectException(what + " did not finish within " + timeout + "; it was killed", e);
        } catch (IOException e) {
            throw new CollectException(what + " could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectException(what + " was interrupted", e);
        }
        if (log.exitCode() != 0) {
            throw new CollectException(what + " exited with status " + log.exitCode() + ": '"
                    + log.stderr().strip() + "' (reading the kernel log may need privileges)");
        }
        List<Sample> out = new ArrayList<>();
        for (Map.Entry<String, Map<Integer, Integer>> gpu : parser.parse(log.stdout()).entrySet()) {
            out.addAll(samples.unattributedXidEvents(node, at, gpu.getKey(), gpu.getValue()));
        }
        return out;
    }

    @Override
    public String toString() {
        return "XidLogSource[" + node + " " + String.join(" ", command) + "]";
    }
}
