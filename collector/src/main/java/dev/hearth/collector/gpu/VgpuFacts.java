package dev.hearth.collector.gpu;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One vGPU instance running on a physical GPU, as a vGPU host's nvidia-smi reports it.
 *
 * @param id                its vGPU id
 * @param type              its vGPU type name (e.g. a profile name), empty when not reported
 * @param utilizationRatio  busy share 0..1 by engine ({@code gpu}, {@code memory}, {@code encoder},
 *                          {@code decoder}); an engine nvidia-smi gives no value for is absent
 * @param memoryUsedBytes   frame buffer in use
 * @param memoryTotalBytes  frame buffer assigned to it
 */
public record VgpuFacts(String id, String type, Map<String, Double> utilizationRatio,
                        OptionalDouble memoryUsedBytes, OptionalDouble memoryTotalBytes) {
    public VgpuFacts {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        utilizationRatio = Map.copyOf(utilizationRatio);
        Objects.requireNonNull(memoryUsedBytes, "memoryUsedBytes");
        Objects.requireNonNull(memoryTotalBytes, "memoryTotalBytes");
    }
}
