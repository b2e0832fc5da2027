package dev.hearth.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.hearth.node.engine.Kernels;
import dev.hearth.node.engine.ScalarKernels;
import org.junit.jupiter.api.Test;

class CudaBackendTest {
    private final Kernels cpu = new ScalarKernels();
    private final List<String> log = new ArrayList<>();

    /** Runs on the real driver: on a machine without a GPU (the build machines) it must fall back. */
    @Test
    void realProbeFallsBackToTheCpuKernelsWithOneLineSayingWhy() {
        CudaBackend backend = new CudaBackend();
        CudaProbeResult result = backend.probe();
        Kernels chosen = backend.kernels(cpu, log::add);

        assertThat(chosen).isSameAs(cpu);
        assertThat(log).hasSize(1);
        if (result.found()) { // a GPU machine: still the CPU kernels, and the log says so
            assertThat(log.get(0)).contains(result.deviceName(), "GPU kernels are not available yet", "scalar");
        } else {
            assertThat(result.reason()).containsIgnoringCase("cuda");
            assertThat(result.deviceName()).isEmpty();
            assertThat(log.get(0)).startsWith("gpu: ").contains("CUDA").endsWith("; using scalar");
        }
    }

    @Test
    void aMissingDriverIsNamedInTheLogLine() {
        StubCudaProbe probe = new StubCudaProbe(CudaProbeResult.absent("no CUDA driver (libcuda.so.1 not found)"));

        Kernels chosen = new CudaBackend(probe).kernels(cpu, log::add);

        assertThat(chosen).isSameAs(cpu);
        assertThat(probe.calls()).isEqualTo(1);
        assertThat(log).containsExactly("gpu: no CUDA driver (libcuda.so.1 not found); using scalar");
    }

    @Test
    void aFoundGpuIsReportedButTheCpuKernelsAreStillUsed() {
        StubCudaProbe probe = new StubCudaProbe(CudaProbeResult.found("NVIDIA GeForce RTX 2080 Ti", 11L << 30));

        Kernels chosen = new CudaBackend(probe).kernels(cpu, log::add);

        assertThat(chosen).isSameAs(cpu);
        assertThat(log).containsExactly("gpu: GPU NVIDIA GeForce RTX 2080 Ti, 11.0 GiB found; "
                + "GPU kernels are not available yet, using scalar");
    }

    @Test
    void probeResultsDescribeThemselves() {
        assertThat(CudaProbeResult.found("H100", 80L << 30).describe()).isEqualTo("H100, 80.0 GiB");
        assertThat(CudaProbeResult.absent("no NVIDIA GPU").describe()).isEqualTo("no NVIDIA GPU");
        assertThat(CudaProbeResult.absent("x").found()).isFalse();
    }
}
