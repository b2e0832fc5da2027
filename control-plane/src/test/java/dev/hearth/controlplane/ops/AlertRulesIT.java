package dev.hearth.controlplane.ops;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Every Prometheus rule file passes {@code promtool check rules}; every test in alerts/tests passes {@code promtool test rules}. */
class AlertRulesIT {
    private static final long TIMEOUT_SECONDS = 60;

    private final OpsRepo repo = OpsRepo.locate();

    @TestFactory
    Stream<DynamicTest> ruleFilesPassPromtoolCheck() {
        Path promtool = promtool();
        List<Path> files = repo.ruleFiles();
        assertThat(files).as("rule files in %s", repo.alerts()).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest("promtool check rules " + name(file),
                () -> runPromtool(promtool, "check", "rules", name(file))));
    }

    @TestFactory
    Stream<DynamicTest> ruleTestsPassPromtool() {
        Path promtool = promtool();
        List<Path> files = repo.ruleTestFiles();
        assertThat(files).as("promtool tests in %s", repo.alerts().resolve("tests")).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest("promtool test rules " + name(file),
                () -> runPromtool(promtool, "test", "rules", name(file))));
    }

    /** The file's path relative to alerts/, where promtool runs. */
    private String name(Path file) {
        return repo.alerts().relativize(file).toString();
    }

    private void runPromtool(Path promtool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("promtool", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(repo.alerts().toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("%s did not finish within %d s:%n%s", String.join(" ", command), TIMEOUT_SECONDS,
                        Files.readString(output));
            }
            String log = Files.readString(output);
            assertThat(process.exitValue())
                    .as("%s (in %s) exited with %d:%n%s", String.join(" ", command), repo.alerts(),
                            process.exitValue(), log)
                    .isZero();
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path promtool() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "promtool");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("promtool not found: install the Debian package 'prometheus' (apt-get install -y prometheus)");
    }
}
