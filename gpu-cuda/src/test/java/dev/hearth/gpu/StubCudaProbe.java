package dev.hearth.gpu;

/** Test double: a probe that reports a fixed result and counts how often it was asked. */
final class StubCudaProbe implements CudaProbe {
    private final CudaProbeResult result;
    private int calls;

    StubCudaProbe(CudaProbeResult result) {
        this.result = result;
    }

    @Override
    public CudaProbeResult probe() {
        calls++;
        return result;
    }

    int calls() {
        return calls;
    }
}
