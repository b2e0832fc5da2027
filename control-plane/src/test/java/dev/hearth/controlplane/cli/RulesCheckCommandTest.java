package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hearth rules check DIR}: offline, no fleet. */
class RulesCheckCommandTest {
    private static final String HEADER = """
            package t;
            import dev.hearth.rules.facts.Reading;
            global dev.hearth.rules.FindingCollector findings;
            """;

    @TempDir
    Path dir;

    private void write(String name, String text) throws IOException {
        Files.createDirectories(dir.resolve(name).getParent());
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void aGoodDirectoryListsEachFileWithItsRulesAndShadowFlags() throws IOException {
        write("hot.drl", HEADER + "rule \"Hot\"\nwhen\n    Reading( value > 90 )\nthen\nend\n"
                + "rule \"Warm\"\n@shadow\nwhen\n    Reading( value > 80 )\nthen\nend\n");
        write("shadow/trial.dslr", "package t;\nexpander hearth.dsl\nrule \"Power trial\"\nwhen\n"
                + "    the hearth_bmc_power_watts of a node is above 300\nthen\n    notify on-call with high power\nend\n");
        write("README.md", "not a rule");

        CliRun r = CliRun.of("rules", "check", dir.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                hot.drl  2 rules
                  4: "Hot"
                  9: "Warm"  (shadow)
                shadow/trial.dslr  1 rule  (shadow)
                  3: "Power trial"
                3 rules in 2 files compile
                """);
    }

    @Test
    void brokenFilesArePrintedAsFileLineMessageWithExitOne() throws IOException {
        write("broken.drl", HEADER + "rule \"typo\"\nwhen\n    Reading( nosuchfield == 1 )\nthen\nend\n");
        write("s.dslr", "package t;\nexpander hearth.dsl\nrule \"x\"\nwhen\n    the node is on fire\nthen\nend\n");

        CliRun r = CliRun.of("rules", "check", dir.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).anySatisfy(l -> assertThat(l).startsWith("broken.drl:6: ").contains("nosuchfield"))
                .anySatisfy(l -> assertThat(l).startsWith("s.dslr:5: no condition sentence of hearth.dsl matches"
                        + " 'the node is on fire'"));
        assertThat(r.err()).endsWith("problems: the fleet would keep running its previous rules\n")
                .doesNotContain("Exception");
    }

    @Test
    void anEmptyDirectoryIsAProblem() {
        CliRun r = CliRun.of("rules", "check", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith(dir + ": holds no rule files: put .drl or .dslr files in it");
    }

    @Test
    void aMissingOrWrongArgumentIsWrongUsage() throws IOException {
        CliRun none = CliRun.of("rules", "check");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required parameter: 'DIR'");

        write("file.drl", HEADER);
        CliRun file = CliRun.of("rules", "check", dir.resolve("file.drl").toString());
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("DIR '" + dir.resolve("file.drl") + "' is not a directory");
    }

    @Test
    void theRulesGroupListsItsCommands() {
        CliRun r = CliRun.of("rules", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("check").contains("firings");
        CliRun limit = CliRun.of("rules", "firings", "--limit", "0", "--admin-url", "http://127.0.0.1:1");
        assertThat(limit.exitCode()).isEqualTo(2);
        assertThat(limit.err()).contains("--limit must be from 1 to 1000, got 0");
    }
}
