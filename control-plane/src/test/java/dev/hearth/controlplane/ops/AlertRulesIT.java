package dev.hearth.controlplane.ops;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every Prometheus rule file passes {@code promtool check rules}; every test in alerts/tests passes
 * {@code promtool test rules}; every alert is named by a promtool test case that sees it fire and one
 * that sees it stay silent.
 */
class AlertRulesIT {
    /** The SLO tests evaluate days of 1-minute samples: generous on a busy machine. */
    private static final long TIMEOUT_SECONDS = 300;

    private final OpsRepo repo = OpsRepo.locate();

    @TestFactory
    Stream<DynamicTest> ruleFilesPassPromtoolCheck() {
        Path promtool = promtool();
        List<Path> files = repo.ruleFiles();
        assertThat(files).as("rule files in %s", repo.alerts()).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest("promtool check rules " + repo.relative(file),
                () -> assertPromtoolPasses(promtool, repo, file, "check", "rules")));
    }

    @TestFactory
    Stream<DynamicTest> ruleTestsPassPromtool() {
        Path promtool = promtool();
        List<Path> files = repo.ruleTestFiles();
        assertThat(files).as("promtool tests in %s", repo.alerts().resolve("tests")).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest("promtool test rules " + repo.relative(file),
                () -> assertPromtoolPasses(promtool, repo, file, "test", "rules")));
    }

    /** promtool passes an alert that no test names; this does not. */
    @Test
    void everyAlertIsNamedByPromtoolTestCasesWhereItFiresAndStaysSilent() {
        assertThat(repo.alertTestProblems()).as("promtool test cases per alert").isEmpty();
    }

    @Test
    void anAlertWithoutATestCaseIsReported() {
        assertThat(OpsRepo.fixture("untested-alert").alertTestProblems())
                .anySatisfy(p -> assertThat(p).startsWith("alerts/rules.yml alert HearthUntested has no promtool"
                        + " test case naming it"));
    }

    @Test
    void aBrokenExpressionFailsPromtoolCheckNamingTheFile() {
        Path promtool = promtool();
        OpsRepo bad = OpsRepo.fixture("broken-promql");
        Path file = bad.alerts().resolve("broken.yml");
        assertThatThrownBy(() -> assertPromtoolPasses(promtool, bad, file, "check", "rules"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("alerts/broken.yml fails promtool check rules")
                .hasMessageContaining("\"HearthBrokenExpression\": could not parse expression")
                .hasMessageContaining("unclosed left parenthesis");
    }

    /** Runs promtool in alerts/ on {@code file}, and fails with the file, the command and its output. */
    private static void assertPromtoolPasses(Path promtool, OpsRepo repo, Path file, String... args) {
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        command.add(repo.alerts().relativize(file).toString());
        OpsRepo.ToolRun run = OpsRepo.run(repo.alerts(), TIMEOUT_SECONDS, command);
        if (run.exitCode() != 0) {
            fail("%s fails promtool %s: %s", repo.relative(file), String.join(" ", args), run.describe());
        }
    }

    private static Path promtool() {
        return OpsRepo.executable("promtool").orElseGet(() -> fail(
                "promtool not found on the PATH: install the Debian package 'prometheus' (apt-get install -y prometheus)"));
    }
}
