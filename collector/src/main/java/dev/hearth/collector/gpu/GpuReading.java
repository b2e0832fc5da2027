package dev.hearth.collector.gpu;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one read of a node's GPUs found: GPUs, or cleanly none. "No GPU" is an answer, not a failure (a
 * node without a GPU, or without the driver's tools, is a fact to record); a failure to read GPUs that
 * are there is a {@link dev.hearth.collector.CollectException} instead.
 */
public sealed interface GpuReading {

    /**
     * GPUs found.
     *
     * @param gpus             every GPU nvidia-smi listed, in index order
     * @param unattributedXids Xid events, by PCI bus id and Xid code, of addresses none of {@code gpus} has
     *                         (typically a GPU that fell off the bus and vanished from nvidia-smi)
     */
    record Gpus(List<GpuFacts> gpus, Map<String, Map<Integer, Integer>> unattributedXids) implements GpuReading {
        public Gpus {
            gpus = List.copyOf(gpus);
            unattributedXids = Map.copyOf(unattributedXids);
        }
    }

    /** No GPU here, and why we think so (e.g. "nvidia-smi is not installed"). */
    record NoGpu(String reason) implements GpuReading {
        public NoGpu {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
