package dev.hearth.gpu;

/**
 * What a look for an NVIDIA GPU found: the first device's name and memory, or why there is none.
 *
 * @param found       whether a usable CUDA device exists
 * @param deviceName  the first device's name; empty when none was found
 * @param memoryBytes the first device's total memory; 0 when none was found
 * @param reason      why no GPU is usable; empty when one was found
 */
public record CudaProbeResult(boolean found, String deviceName, long memoryBytes, String reason) {

    public static CudaProbeResult found(String deviceName, long memoryBytes) {
        return new CudaProbeResult(true, deviceName, memoryBytes, "");
    }

    public static CudaProbeResult absent(String reason) {
        return new CudaProbeResult(false, "", 0, reason);
    }

    /** One line for logs and status pages, e.g. {@code NVIDIA GeForce RTX 2080 Ti, 11.0 GiB}. */
    public String describe() {
        return found ? String.format("%s, %.1f GiB", deviceName, memoryBytes / (double) (1L << 30)) : reason;
    }
}
