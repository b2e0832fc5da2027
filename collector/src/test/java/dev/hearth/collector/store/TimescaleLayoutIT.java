package dev.hearth.collector.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The TimescaleDB layout's SQL, run on plain PostgreSQL (no TimescaleDB exists here): TimescaleDB's
 * functions come from a test double ({@code timescale/timescaledb-stand-in.sql}) with their names and
 * signatures, and only the {@code timescaledb.*} storage options, which plain PostgreSQL rejects, are
 * taken out of the migrations; the test pins exactly which clauses those are.
 */
class TimescaleLayoutIT {
    private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

    @TempDir
    Path migrations;

    private TestDatabase database;
    private HikariDataSource dataSource;

    @BeforeEach
    void createDatabaseWithStandIns() throws Exception {
        database = TestDatabase.create();
        execute(resource("/timescale/timescaledb-stand-in.sql"));
        execute("ALTER DATABASE " + database.name() + " SET search_path = public, timescale_stand_in");
        dataSource = DataSources.pooled(database.url());
    }

    @AfterEach
    void dropDatabase() {
        dataSource.close();
        database.close();
    }

    @Test
    void onlyTheTimescaleStorageOptionsAreRemovedFromTheMigrations() throws Exception {
        List<String> removed = stripTimescaleMigrations();

        assertThat(removed).containsExactly(
                "V2__series_and_hypertable.sql: ALTER TABLE samples SET ( timescaledb.compress,"
                        + " timescaledb.compress_segmentby = 'series_id', timescaledb.compress_orderby = 'time DESC' );",
                "V3__continuous_aggregates.sql: WITH (timescaledb.continuous)",
                "V3__continuous_aggregates.sql: WITH (timescaledb.continuous)");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path file : files.toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContainIgnoringCase("timescaledb.");
            }
        }
        // the one per-script setting: continuous aggregates cannot be created in a transaction
        assertThat(Files.readString(migrations.resolve("V3__continuous_aggregates.sql.conf")).strip())
                .isEqualTo("executeInTransaction=false");
    }

    @Test
    void migrationsCallTimescaleWithTheLayoutsChunksCompressionAndRefreshPolicies() throws Exception {
        migrateTimescaleLayout();

        assertThat(calls()).containsExactly(
                "create_hypertable(samples, by_range(time, 1 day), create_default_indexes => false)",
                "add_compression_policy(samples, 2 days)",
                "add_continuous_aggregate_policy(samples_1m, 02:00:00, 00:01:00, 00:01:00, if_not_exists => true)",
                "add_continuous_aggregate_policy(samples_1h, 1 day, 01:00:00, 00:30:00, if_not_exists => true)");
        assertThat(query("SELECT string_agg(version || ':' || description, ',' ORDER BY installed_rank)"
                + " FROM flyway_history_collector"))
                .isEqualTo("1:create samples,2:series and hypertable,3:continuous aggregates");
        assertThat(query("SELECT layout FROM store_layout")).isEqualTo("TIMESCALE");
    }

    @Test
    void theRetentionPolicyComesFromTheConfiguredRetentionAndReplacesTheLastOne() throws Exception {
        migrateTimescaleLayout();
        try (Connection c = dataSource.getConnection()) {
            TimescaleRetention.setPolicy(c, Duration.ofDays(10));
        }

        assertThat(calls()).endsWith("remove_retention_policy(samples, if_exists => true)",
                "add_retention_policy(samples, 240:00:00)");
    }

    @Test
    void tablesColumnsAndIndexesAreTheSameAsTheNativeLayouts() throws Exception {
        migrateTimescaleLayout();
        String timescale = schemaOf(database);
        try (TestDatabase nativeDb = TestDatabase.create(); HikariDataSource ds = DataSources.pooled(nativeDb.url())) {
            new PostgresMetricStore(ds).migrate();

            assertThat(timescale).isEqualTo(schemaOf(nativeDb)).contains("samples.series_id integer NO")
                    .contains("index samples_series_time_idx");
        }
    }

    @Test
    void v1SamplesAreCarriedOverAndNewOnesAreCopiedInAndRolledUp() throws Exception {
        PostgresMetricStore.flyway(dataSource, StoreLayout.COMMON_MIGRATIONS).migrate();
        execute("INSERT INTO samples (time, node, metric, labels, value)"
                + " VALUES ('2025-03-04T09:59:00Z', 'n1', 'a', '{\"gpu\": \"0\"}', 7)");
        migrateTimescaleLayout();
        PostgresMetricStore store = new PostgresMetricStore(dataSource);

        assertThat(store.layout()).isEqualTo(StoreLayout.TIMESCALE); // read from store_layout
        assertThat(store.samplesSince(T0.minusSeconds(60), Set.of())).containsExactly(
                new Sample(T0.minusSeconds(60), "n1", "a", Map.of("gpu", "0"), 7));

        List<Sample> batch = new ArrayList<>();
        double[] values = {1, 5, 3, 10, 2}; // minute 10:00 gets 1, 5, 3; minute 10:01 gets 10, 2
        for (int i = 0; i < values.length; i++) {
            batch.add(new Sample(T0.plusSeconds(i < 3 ? i * 20L : 60 + (i - 3) * 30L), "n1", "a",
                    Map.of("gpu", "0"), values[i]));
        }
        store.append(SampleBatch.of(batch));
        execute("REFRESH MATERIALIZED VIEW samples_1m");
        execute("REFRESH MATERIALIZED VIEW samples_1h");

        assertThat(rows("SELECT bucket AT TIME ZONE 'UTC', avg_value, min_value, max_value, last_value, sample_count"
                + " FROM samples_1m ORDER BY bucket")).containsExactly(
                "2025-03-04 09:59:00 7 7 7 7 1",
                "2025-03-04 10:00:00 3 1 5 3 3",
                "2025-03-04 10:01:00 6 2 10 2 2");
        // the hour's average is the samples' (21 / 5), not the average of the minutes' averages
        assertThat(rows("SELECT bucket AT TIME ZONE 'UTC', avg_value, min_value, max_value, last_value, sample_count"
                + " FROM samples_1h ORDER BY bucket")).containsExactly(
                "2025-03-04 09:00:00 7 7 7 7 1",
                "2025-03-04 10:00:00 4.2 1 10 2 5");
    }

    @Test
    void retentionDropsWholeChunksAndForgetsOldBatchIds() throws Exception {
        migrateTimescaleLayout();
        PostgresMetricStore store = new PostgresMetricStore(dataSource);
        store.append(SampleBatch.of(List.of(Sample.of(T0.minus(Duration.ofDays(2)), "n1", "a", 1),
                Sample.of(T0.minus(Duration.ofDays(1)), "n1", "a", 2), Sample.of(T0, "n1", "a", 3))));
        execute("UPDATE ingested_batches SET stored_at = '2025-03-01T00:00:00Z'");

        Instant cutoff = T0.minus(Duration.ofDays(1)).plusSeconds(3600); // inside yesterday
        RetentionResult result = store.applyRetention(cutoff);

        assertThat(result).isEqualTo(new RetentionResult(StoreLayout.TIMESCALE, cutoff,
                List.of("_timescaledb_internal._hyper_1_20250302_chunk"), 1));
        assertThat(calls()).endsWith("drop_chunks(samples, older_than => 2025-03-03 11:00:00)");
        assertThat(store.samplesSince(Instant.EPOCH, Set.of())).extracting(Sample::value).containsExactly(2.0, 3.0);
    }

    @Test
    void aTimescaleDatabaseOnAServerWithoutTimescaleIsRefusedNotSwitched() throws Exception {
        migrateTimescaleLayout();
        PostgresMetricStore store = new PostgresMetricStore(dataSource);

        assertThatThrownBy(store::migrate)
                .isInstanceOf(StoreLayoutConflictException.class)
                .hasMessage("this database's metric store has the TimescaleDB layout (recorded in store_layout),"
                        + " but timescaledb extension not available on this server; install TimescaleDB on this"
                        + " server (and add it to shared_preload_libraries), or point Hearth at a new database to"
                        + " start over with native day partitions: layouts are never switched silently");
        assertThat(query("SELECT max(version) FROM flyway_history_collector")).isEqualTo("3");
    }

    /** Runs V1 and the TimescaleDB layout's migrations, stripped of the storage options. */
    private void migrateTimescaleLayout() throws Exception {
        stripTimescaleMigrations();
        PostgresMetricStore.flyway(dataSource, StoreLayout.COMMON_MIGRATIONS, "filesystem:" + migrations).migrate();
    }

    /** Copies the layout's migrations into the temporary folder without the storage options; returns what went. */
    private List<String> stripTimescaleMigrations() throws IOException, URISyntaxException {
        Path source = Path.of(Objects.requireNonNull(getClass().getResource("/db/migration/collector/timescale"),
                "the TimescaleDB layout's migrations are not on the test class path").toURI());
        List<String> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                if (file.toString().endsWith(".sql")) {
                    TimescaleOptions stripped = TimescaleOptions.strip(text);
                    stripped.removed().forEach(clause -> removed.add(file.getFileName() + ": " + clause));
                    text = stripped.sql();
                }
                Files.writeString(migrations.resolve(file.getFileName()), text);
            }
        }
        return removed;
    }

    private static String schemaOf(TestDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT string_agg(line, E'\\n' ORDER BY line) FROM ("
                        + " SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS line"
                        + " FROM information_schema.columns WHERE table_schema = 'public'"
                        + " AND table_name IN ('series', 'samples', 'ingested_batches', 'store_layout')"
                        + " UNION ALL SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public'"
                        + " AND tablename IN ('series', 'samples', 'ingested_batches')) lines")) {
            r.next();
            return r.getString(1);
        }
    }

    private List<String> calls() throws SQLException {
        return rows("SELECT call FROM timescale_stand_in.calls ORDER BY seq");
    }

    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    cells.add(r.getString(i));
                }
                rows.add(String.join(" ", cells));
            }
        }
        return rows;
    }

    private String query(String sql) throws SQLException {
        List<String> rows = rows(sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(TimescaleLayoutIT.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
