package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hearth bench rules} with small fleets: one line per size with its fact count and the findings
 * the hot nodes raise (one node in a hundred, at index 7, 107, ...), and positive times (their size
 * depends on the machine and is not checked).
 */
class BenchRulesCommandTest {

    @Test
    void printsOneEvaluationTimePerFleetSize() {
        CliRun run = CliRun.of("bench", "rules", "--nodes", "50,200", "--runs", "1", "--warm-ups", "0");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("rules: built-in packs compiled in [0-9]+ ms");
        // 12 facts per node, 88 for the fleet; an overheat finding per hot node (1 of 50, 2 of 200) and the
        // fleet's power-state finding for its load of 50 %
        assertLine(run.out(), "50", "688", 2);
        assertLine(run.out(), "200", "2,488", 3);
    }

    @Test
    void refusesSizesBelowOne() {
        CliRun run = CliRun.of("bench", "rules", "--nodes", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--nodes must be positive");
    }

    private static void assertLine(String out, String nodes, String facts, int findings) {
        Matcher m = Pattern.compile("rules: " + nodes + " nodes, " + facts + " facts: one evaluation median "
                + "([0-9.]+) ms \\(min ([0-9.]+) ms, 1 runs\\), ([0-9]+) findings").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isPositive();
        assertThat(Integer.parseInt(m.group(3))).as("findings of %s nodes", nodes).isEqualTo(findings);
    }
}
