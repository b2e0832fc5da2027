package dev.hearth.remediation.power;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs only the POSIX shell, never nvidia-smi. */
class ProcessCommandRunnerTest {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void returnsTheExitCodeAndBothOutputStreams() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(30));

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.succeeded()).isFalse();
        assertThat(result.output().lines().toList()).containsExactlyInAnyOrder("out", "err");
    }

    @Test
    void killsACommandThatOutlivesItsTimeout() throws Exception {
        CommandResult result = runner.run(List.of("sh", "-c", "exec sleep 60"), Duration.ofMillis(200));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void aMissingProgramCannotBeStarted() {
        assertThatThrownBy(() -> runner.run(List.of("hearth-no-such-program-7f3a"), Duration.ofSeconds(5)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("hearth-no-such-program-7f3a");
    }
}
