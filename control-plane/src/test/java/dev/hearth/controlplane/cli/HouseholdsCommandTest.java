package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage of {@code hearth households}: everything that is settled before a fleet is asked. */
class HouseholdsCommandTest {
    private static final String NO_FLEET = "http://127.0.0.1:1";

    @Test
    void helpListsTheHouseholdsCommands() {
        assertThat(CliRun.of("--help").out()).contains("households");
        CliRun r = CliRun.of("households", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: hearth households").contains("list").contains("add");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "add"})
    void everyHouseholdsSubcommandHasHelp(String subcommand) {
        CliRun r = CliRun.of("households", subcommand, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: hearth households " + subcommand);
    }

    @Test
    void noSubcommandIsWrongUsage() {
        CliRun r = CliRun.of("households");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("a subcommand is needed: households list, or households add NAME");
        assertThat(CliRun.of("households", "remove", "x").exitCode()).isEqualTo(2);
    }

    @Test
    void addNeedsAName() {
        CliRun r = CliRun.of("households", "add", "--admin-url", NO_FLEET);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter: 'NAME'");
    }

    @Test
    void aBadNameIsWrongUsageNamingTheRule() {
        CliRun r = CliRun.of("households", "add", "Maple Street", "--admin-url", NO_FLEET);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("household name 'Maple Street' must be 1 to 40 characters of a-z, 0-9 and '-'");
    }

    @Test
    void badQuotasAreWrongUsageNamingTheValue() {
        CliRun weight = CliRun.of("households", "add", "oak", "--weight", "0", "--admin-url", NO_FLEET);
        assertThat(weight.exitCode()).isEqualTo(2);
        assertThat(weight.err()).contains("weight must be above 0 and at most 100, got 0.0");

        CliRun tokens = CliRun.of("households", "add", "oak", "--tokens-per-minute", "0", "--admin-url", NO_FLEET);
        assertThat(tokens.exitCode()).isEqualTo(2);
        assertThat(tokens.err()).contains("tokens per minute must be from 1 to 10000000, got 0");

        CliRun notANumber = CliRun.of("households", "add", "oak", "--max-concurrent", "many");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("'many'").contains("--max-concurrent");

        CliRun unknown = CliRun.of("households", "add", "oak", "--kv-block", "4");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("'--kv-block'");
    }

    @Test
    void withoutAFleetBothSayWhereTheyLookedInOneLine() {
        for (String[] args : new String[][]{{"households", "list", "--admin-url", NO_FLEET},
                {"households", "add", "oak", "--admin-url", NO_FLEET}}) {
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("no Hearth fleet answers at " + NO_FLEET).doesNotContain("Exception");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }
}
