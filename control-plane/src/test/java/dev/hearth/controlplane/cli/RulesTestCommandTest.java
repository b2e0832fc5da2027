package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth rules test}: one line per expectation, a summary, and the exit code says how it went. */
class RulesTestCommandTest {
    private static final String HOT_GPU = """
            name: hot GPU
            samples:
              - {at: 0s, node: node-2, metric: hearth_gpu_temperature_celsius, labels: {gpu: "0"}, value: 93, until: 1m}
            expect:
              - {at: 25s, none: true}
            """;

    @TempDir
    Path dir;

    @Test
    void passingAndFailingScenariosArePrintedWithASummaryAndTheExitCode() throws IOException {
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, HOT_GPU + """
                  - at: 30s
                    findings: [{node: node-2, kind: gpu-overheat, action: ISOLATE, since: 0s}]
                """);
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, HOT_GPU + """
                  - at: 30s
                    findings: [{node: node-2, kind: gpu-overheat, action: RESTART_SERVICE}]
                """);

        CliRun pass = CliRun.of("rules", "test", good.toString());
        assertThat(pass.exitCode()).as(pass.err()).isZero();
        assertThat(pass.out()).isEqualTo("PASS " + good + ": hot GPU\n"
                + "  PASS at 25s: no findings\n"
                + "  PASS at 30s: exactly node-2 gpu-overheat ISOLATE since 0s\n"
                + "1 scenarios (0 failed), 2 expectations: 2 passed, 0 failed\n");

        CliRun both = CliRun.of("rules", "test", good.toString(), bad.toString());
        assertThat(both.exitCode()).isEqualTo(1);
        assertThat(both.out()).contains("FAIL " + bad + ": hot GPU\n"
                        + "  PASS at 25s: no findings\n"
                        + "  FAIL at 30s: expected exactly node-2 gpu-overheat RESTART_SERVICE;"
                        + " differs node-2 gpu-overheat RESTART_SERVICE: action is ISOLATE\n"
                        + "  finding changes: 30s opened node-2 gpu-overheat ISOLATE\n")
                .endsWith("2 scenarios (1 failed), 4 expectations: 3 passed, 1 failed\n");
    }

    @Test
    void anUnreadableFileExitsWithTwoNamingFileAndLine() throws IOException {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, HOT_GPU + "  - {at: soon, none: true}\n");
        CliRun run = CliRun.of("rules", "test", broken.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("hearth: " + broken
                + ":6: 'soon' is not a duration; write e.g. 30s, 2m, 1h30m, 3d or PT30S\n");

        CliRun missing = CliRun.of("rules", "test", dir.resolve("nowhere.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("hearth: " + dir.resolve("nowhere.yaml") + ": cannot read the file");
    }

    @Test
    void anotherRulePackCanBeTestedAndItsCompileErrorsAreNamed() throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("broken.drl"), """
                package x;
                rule "nothing"
                when
                    NoSuchFact()
                then
                end
                """);
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, HOT_GPU);
        CliRun run = CliRun.of("rules", "test", "--rules", rules.toString(), scenario.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("broken.drl:4");
    }
}
