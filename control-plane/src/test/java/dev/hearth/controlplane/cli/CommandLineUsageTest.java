package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class CommandLineUsageTest {

    @Test
    void helpListsEverySubcommand() {
        CliRun r = CliRun.of("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("up", "status", "inject", "load", "audit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "status", "inject", "load", "audit"})
    void everySubcommandHasHelp(String subcommand) {
        CliRun r = CliRun.of(subcommand, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("Usage: hearth " + subcommand);
    }

    @Test
    void noSubcommandIsWrongUsage() {
        CliRun r = CliRun.of();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("a subcommand is needed");
    }

    @Test
    void unknownSubcommandOrOptionIsWrongUsage() {
        assertThat(CliRun.of("explode").exitCode()).isEqualTo(2);
        CliRun r = CliRun.of("up", "--nodez", "3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("'--nodez'").contains("Possible solutions: --nodes");
    }

    @Test
    void badValuesNameTheValueAndTheFix() {
        CliRun nodes = CliRun.of("up", "--nodes", "0");
        assertThat(nodes.exitCode()).isEqualTo(2);
        assertThat(nodes.err()).contains("--nodes 0 is out of range");

        CliRun duration = CliRun.of("up", "--duration", "soon");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("'soon' is not a duration").contains("30s");

        CliRun db = CliRun.of("up", "--db", "mysql://x");
        assertThat(db.exitCode()).isEqualTo(2);
        assertThat(db.err()).contains("--db 'mysql://x' is not a PostgreSQL JDBC URL");

        CliRun fault = CliRun.of("inject", "fire", "--node", "node-1");
        assertThat(fault.exitCode()).isEqualTo(2);
        assertThat(fault.err()).contains("unknown fault 'fire'; valid faults: overheat, xid-13, xid-31, xid-43, xid-48, xid-63, xid-64, xid-79, xid-92, xid-94, xid-95, clear");

        CliRun noNode = CliRun.of("inject", "overheat");
        assertThat(noNode.exitCode()).isEqualTo(2);
        assertThat(noNode.err()).contains("Missing required option: '--node=NODE'");

        CliRun rps = CliRun.of("load", "--rps", "0");
        assertThat(rps.exitCode()).isEqualTo(2);
        assertThat(rps.err()).contains("--rps 0.0 must be above 0");
    }

    @Test
    void clientCommandsWithoutAFleetSaySoWithoutAStackTrace() {
        CliRun r = CliRun.of("status", "--admin-url", "http://127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("no Hearth fleet answers at http://127.0.0.1:1").doesNotContain("Exception");
    }
}
