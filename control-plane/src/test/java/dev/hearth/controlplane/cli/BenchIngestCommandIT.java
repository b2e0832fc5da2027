package dev.hearth.controlplane.cli;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hearth bench ingest} with tiny sizes on the test PostgreSQL server: the lines it prints and
 * that their figures are positive (their size depends on the machine and is not checked).
 */
class BenchIngestCommandIT {
    private static final String SERVER = System.getenv().getOrDefault("HEARTH_TEST_PG",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";
    private static final List<String> PARSERS = List.of("openmetrics-1.0", "prometheus-text-0.0.4", "redfish-json",
            "ipmi ipmitool-sensor", "ipmi freeipmi-sensors", "nvidia-smi-xml");

    @Test
    void printsIngestRatesAndParseThroughputAndDropsItsDatabase() throws SQLException {
        CliRun run = CliRun.of("bench", "ingest", "--url", SERVER, "--samples", "3000", "--nodes", "20",
                "--series-per-node", "5", "--batch", "700", "--runs", "3", "--writers", "2", "--parse-millis", "20");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String out = run.out();
        Matcher database = Pattern.compile("ingest: throw-away database (hearth_bench_[0-9a-f]{12}) on \\S+ \\(dropped at the end\\)")
                .matcher(out);
        assertThat(database.find()).as(out).isTrue();
        assertThat(databaseExists(database.group(1))).isFalse();
        assertThat(out).containsPattern("ingest warm-up: " + NUMBER + " samples/s \\(creates the 100 series\\)");
        for (int r = 1; r <= 3; r++) {
            assertPositive(out, "ingest run " + r + ": " + NUMBER + " samples/s");
        }
        assertThat(out).contains("ingest: 3000 samples per run over 100 series (20 nodes x 5), batches of 700, 2 writer(s),"
                + " native day partitions on PostgreSQL ");
        assertPositive(out, "ingest: " + NUMBER + " samples/s \\(median of 3 runs after a warm-up at [0-9]+ samples/s\\);"
                + " rows stored: 12000 of 12000");
        for (String parser : PARSERS) {
            Matcher m = Pattern.compile("parse " + Pattern.quote(parser) + ": " + NUMBER + " MB/s, " + NUMBER
                    + " samples/s \\(one thread, per CPU-second; ([0-9]+)-byte payload of ([0-9]+) samples\\)").matcher(out);
            assertThat(m.find()).as(parser + " in:\n" + out).isTrue();
            for (int g = 1; g <= 4; g++) {
                assertThat(Double.parseDouble(m.group(g))).as(parser + " figure " + g).isPositive();
            }
        }
    }

    @Test
    void badSizesAreUsageErrorsNamingTheValue() {
        CliRun batch = CliRun.of("bench", "ingest", "--batch", "0");
        assertThat(batch.exitCode()).isEqualTo(2);
        assertThat(batch.err()).contains("--batch is 0; give at least 1");

        CliRun writers = CliRun.of("bench", "ingest", "--writers", "100");
        assertThat(writers.exitCode()).isEqualTo(2);
        assertThat(writers.err()).contains("--writers is 100; give 1 to 64");
    }

    @Test
    void aServerThatCannotBeReachedIsAOneLineError() {
        CliRun run = CliRun.of("bench", "ingest", "--url", "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres",
                "--samples", "10");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().strip()).startsWith("hearth: cannot create the bench database hearth_bench_")
                .contains(" on jdbc:postgresql://127.0.0.1:1/postgres?user=postgres: ")
                .endsWith("; pass --url with a user that may create databases, or --embedded")
                .doesNotContain("\n");
    }

    private static void assertPositive(String out, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(out);
        assertThat(m.find()).as(pattern + " in:\n" + out).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as(pattern).isPositive();
    }

    private static boolean databaseExists(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER);
             PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }
}
