package dev.hearth.gpu;

import java.util.Objects;
import java.util.function.Consumer;

import dev.hearth.node.engine.Kernels;

/**
 * Picks the kernels for a node that may have an NVIDIA GPU. GPU kernels are not written yet, so
 * this always returns the CPU kernels it is given; what it adds is an honest log line saying
 * whether a GPU was seen, and a {@link CudaProbeResult} for status reports.
 */
public final class CudaBackend {
    private final CudaProbe probe;

    /** Probes the real driver through JCuda. */
    public CudaBackend() {
        this(new JCudaProbe());
    }

    public CudaBackend(CudaProbe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    public CudaProbeResult probe() {
        return probe.probe();
    }

    /** Probes once, logs one line, and returns {@code cpu}. */
    public Kernels kernels(Kernels cpu, Consumer<String> log) {
        return choose(probe(), cpu, log);
    }

    /** The kernels for an earlier probe's result, with its one log line. */
    public static Kernels choose(CudaProbeResult result, Kernels cpu, Consumer<String> log) {
        if (result.found()) {
            log.accept("gpu: GPU " + result.describe() + " found; GPU kernels are not available yet, using "
                    + cpu.name());
        } else {
            log.accept("gpu: " + result.reason() + "; using " + cpu.name());
        }
        return cpu;
    }
}
