package dev.hearth.gpu;

/** Looks for a usable NVIDIA GPU. A separate interface so that the GPU-found path can be tested here. */
@FunctionalInterface
public interface CudaProbe {

    /** Never throws: every way of not finding a GPU is a {@link CudaProbeResult#absent} reason. */
    CudaProbeResult probe();
}
