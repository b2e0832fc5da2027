package dev.hearth.collector.gpu;

import dev.hearth.collector.CollectException;
import dev.hearth.collector.Source;
import dev.hearth.model.Sample;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Reads a node's GPUs (kind {@code "gpu"}) by running {@code nvidia-smi -q -x} on it, and optionally a
 * kernel log command for Xid events, which nvidia-smi does not report.
 *
 * <p>"No GPU" is told apart from failure: nvidia-smi not installed, or saying "No devices were found",
 * or listing no {@code <gpu>}, is {@link GpuReading.NoGpu} and yields only {@code hearth_gpu_devices 0}.
 * A timeout, another non-zero exit (e.g. the driver is not loaded on a node that should have it),
 * unusable XML or a failing kernel log command is a {@link CollectException} naming the command, the node
 * and the reason, and yields no sample at all: nothing half-read is stored.
 *
 * <p>{@code timeout} bounds the whole read, both commands together.
 */
public final class NvidiaSmiSource implements Source {
    private static final String NO_DEVICES = "No devices were found";
    private static final int MAX_QUOTED = 300;

    private final String node;
    private final String executable;
    private final CommandRunner runner;
    private final Duration timeout;
    private final NvidiaSmiXmlParser parser;
    private final GpuSamples samples;
    private final List<String> kernelLogCommand;
    private final XidLogParser xidParser = new XidLogParser();

    /** Runs {@code nvidia-smi} from the PATH, without reading Xid events. */
    public NvidiaSmiSource(String node, CommandRunner runner, Duration timeout) {
        this(node, "nvidia-smi", runner, timeout, new NvidiaSmiXmlParser(), new GpuSamples(), List.of());
    }

    /**
     * @param executable       nvidia-smi's name on the PATH, or its path
     * @param kernelLogCommand a command printing the kernel log, e.g. {@code [dmesg]} or
     *                         {@code [journalctl, -k, -b, -o, cat]}, to count Xid events from; empty to skip
     */
    public NvidiaSmiSource(String node, String executable, CommandRunner runner, Duration timeout,
                           NvidiaSmiXmlParser parser, GpuSamples samples, List<String> kernelLogCommand) {
        this.node = Objects.requireNonNull(node, "node");
        this.executable = Objects.requireNonNull(executable, "executable");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.parser = Objects.requireNonNull(parser, "parser");
        this.samples = Objects.requireNonNull(samples, "samples");
        this.kernelLogCommand = List.copyOf(kernelLogCommand);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("nvidia-smi timeout " + timeout + " for " + node
                    + " must be positive, e.g. PT10S");
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public String kind() {
        return "gpu";
    }

    @Override
    public List<Sample> collect(Instant at) throws CollectException {
        GpuReading reading = read();
        if (reading instanceof GpuReading.Gpus found) {
            List<Sample> out = new ArrayList<>(samples.samples(node, at, found.gpus()));
            found.unattributedXids().forEach((busId, events) ->
                    out.addAll(samples.unattributedXidEvents(node, at, busId, events)));
            return out;
        }
        return samples.samples(node, at, List.of());
    }

    /**
     * Reads the GPUs once.
     *
     * @throws CollectException when GPUs could not be read; the message names the command, node and reason
     */
    public GpuReading read() throws CollectException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> command = List.of(executable, "-q", "-x");
        CommandOutput output;
        try {
            output = run(command, timeout);
        } catch (NoSuchFileException e) {
            return new GpuReading.NoGpu(executable + " is not installed (" + e.getReason() + ")");
        }
        if (output.exitCode() != 0) {
            String said = (output.stdout() + " " + output.stderr()).strip();
            if (said.contains(NO_DEVICES)) {
                return new GpuReading.NoGpu(executable + " says: " + NO_DEVICES);
            }
            throw new CollectException(describe(command) + " exited with status " + output.exitCode() + ": "
                    + quote(said));
        }
        List<GpuFacts> gpus;
        try {
            gpus = parser.parse(output.stdout());
        } catch (GpuOutputException e) {
            throw new CollectException(describe(command) + " wrote unusable XML: " + e.getMessage(), e);
        }
        if (gpus.isEmpty()) {
            return new GpuReading.NoGpu(executable + " listed no GPU");
        }
        if (kernelLogCommand.isEmpty()) {
            return new GpuReading.Gpus(gpus, Map.of());
        }
        return withXidEvents(gpus, deadline);
    }

    private GpuReading withXidEvents(List<GpuFacts> gpus, long deadline) throws CollectException {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.isNegative() || left.isZero()) {
            throw new CollectException("reading the GPUs of " + node + " did not finish within " + timeout
                    + "; stopped before " + String.join(" ", kernelLogCommand));
        }
        CommandOutput log;
        try {
            log = run(kernelLogCommand, left);
        } catch (NoSuchFileException e) {
            throw new CollectException(describe(kernelLogCommand) + " failed: " + e.getFile()
                    + " is not installed; fix the kernel log command or leave it empty", e);
        }
        if (log.exitCode() != 0) {
            throw new CollectException(describe(kernelLogCommand) + " exited with status " + log.exitCode() + ": "
                    + quote(log.stderr().strip()) + " (reading the kernel log may need privileges)");
        }
        Map<String, Map<Integer, Integer>> events = new HashMap<>(xidParser.parse(log.stdout()));
        List<GpuFacts> withEvents = new ArrayList<>(gpus.size());
        for (GpuFacts gpu : gpus) {
            Map<Integer, Integer> own = events.remove(gpu.pciBusId());
            withEvents.add(own == null ? gpu : gpu.withXidEvents(own));
        }
        return new GpuReading.Gpus(withEvents, events);
    }

    private CommandOutput run(List<String> command, Duration limit) throws CollectException, NoSuchFileException {
        try {
            return runner.run(command, limit);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (TimeoutException e) {
            throw new CollectException(describe(command) + " did not finish within " + limit + "; it was killed", e);
        } catch (IOException e) {
            throw new CollectException(describe(command) + " could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectException(describe(command) + " was interrupted", e);
        }
    }

    private String describe(List<String> command) {
        return String.join(" ", command) + " on " + node;
    }

    private static String quote(String text) {
        String shown = text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "…" : text;
        return "'" + shown + "'";
    }

    @Override
    public String toString() {
        return "NvidiaSmiSource[" + node + " " + executable + "]";
    }
}
