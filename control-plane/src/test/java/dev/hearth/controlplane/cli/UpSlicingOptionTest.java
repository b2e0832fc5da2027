package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth up --slicing POLICY}: an unknown policy is a usage error before anything starts. */
class UpSlicingOptionTest {

    @Test
    void anUnknownPolicyIsAUsageErrorNamingTheValueAndTheChoices(@TempDir Path dir) {
        CliRun run = CliRun.of("up", "--slicing", "fixed", "--data-dir", dir.resolve("data").toString(),
                "--duration", "1s");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("--slicing 'fixed' is not a slicing policy")
                .contains("best-effort").contains("equal-share");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void theHelpNamesThePoliciesAndTheDefault() {
        CliRun run = CliRun.of("up", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--slicing=POLICY").contains("equal-share")
                .contains("(default: best-effort)");
    }
}
