package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth up --rules DIR} refuses rules that do not compile before anything starts. */
class UpRulesOptionTest {

    @Test
    void rulesThatDoNotCompileStopTheStartNamingFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("broken.drl"), """
                package custom;
                import dev.hearth.rules.facts.SeriesWindow;
                rule "Typo"
                when
                    SeriesWindow( nosuchfield > 1 )
                then
                end
                """);

        CliRun run = CliRun.of("up", "--rules", dir.toString(), "--data-dir", dir.resolve("data").toString(),
                "--duration", "1s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("the rules in " + dir + " do not compile, so the fleet did not start")
                .contains("broken.drl:5");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void aRulesPathThatIsNoDirectoryIsAUsageError(@TempDir Path dir) {
        CliRun run = CliRun.of("up", "--rules", dir.resolve("missing").toString(), "--duration", "1s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--rules '" + dir.resolve("missing") + "' is not a directory");
    }
}
