package dev.hearth.collector.gpu;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real runner against real processes of this machine ({@code sh}, {@code sleep}). */
class ProcessCommandRunnerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final ProcessCommandRunner runner = new ProcessCommandRunner(1024 * 1024);

    @Test
    void returnsExitStatusAndBothStreams() throws Exception {
        CommandOutput out = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), TIMEOUT);

        assertThat(out).isEqualTo(new CommandOutput(3, "out\n", "err\n"));
    }

    @Test
    void aProgramThatIsNotInstalledIsNoSuchFile() {
        assertThatThrownBy(() -> runner.run(List.of("hearth-no-such-program-x7"), TIMEOUT))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("hearth-no-such-program-x7");
    }

    @Test
    void aHangingProgramIsKilledAtTheTimeout() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> runner.run(List.of("sleep", "30"), Duration.ofMillis(300)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("sleep did not finish within PT0.3S; it was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRunawayProgramIsStoppedAtTheOutputCap() {
        ProcessCommandRunner small = new ProcessCommandRunner(4096);

        assertThatThrownBy(() -> small.run(List.of("sh", "-c", "while :; do echo yyyyyyyyyyyyyyyy; done"), TIMEOUT))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("wrote more than 4096 bytes to standard output");
    }

    @Test
    void nvidiaSmiOnThisMachineIsReadCleanly() throws Exception {
        NvidiaSmiSource source = new NvidiaSmiSource("node-1", new ProcessCommandRunner(16 * 1024 * 1024),
                Duration.ofSeconds(30));

        GpuReading reading = source.read();

        if (onPath("nvidia-smi")) {
            // a machine with the driver: either GPUs, or nvidia-smi's own "No devices were found"
            assertThat(reading).isInstanceOfAny(GpuReading.Gpus.class, GpuReading.NoGpu.class);
        } else {
            assertThat(reading).isInstanceOf(GpuReading.NoGpu.class);
            assertThat(((GpuReading.NoGpu) reading).reason()).contains("nvidia-smi is not installed");
        }
    }

    @Test
    void aMissingNvidiaSmiIsNoGpuWithTheRealRunner() throws Exception {
        NvidiaSmiSource source = new NvidiaSmiSource("node-1", "hearth-absent-nvidia-smi",
                new ProcessCommandRunner(1024), Duration.ofSeconds(5), new NvidiaSmiXmlParser(), new GpuSamples(),
                List.of());

        assertThat(source.read()).isInstanceOf(GpuReading.NoGpu.class);
    }

    @Test
    void sayingNoDevicesIsNoGpuWithTheRealRunner() throws Exception {
        Path fake = Files.createTempFile("nvidia-smi-without-gpu", ".sh");
        try {
            Files.writeString(fake, "#!/bin/sh\necho 'No devices were found'\nexit 6\n");
            assumeTrue(fake.toFile().setExecutable(true), "cannot make a temporary script executable here");
            NvidiaSmiSource source = new NvidiaSmiSource("node-1", fake.toString(), new ProcessCommandRunner(1024),
                    Duration.ofSeconds(10), new NvidiaSmiXmlParser(), new GpuSamples(), List.of());

            assertThat(source.read()).isInstanceOf(GpuReading.NoGpu.class);
        } finally {
            Files.deleteIfExists(fake);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
