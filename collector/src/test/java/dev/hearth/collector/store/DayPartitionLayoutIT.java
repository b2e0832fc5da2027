package dev.hearth.collector.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.StoreUnavailableException;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Layout detection on this server (no TimescaleDB), the native layout's partitions and its retention. */
class DayPartitionLayoutIT {
    private static final Instant NOW = Instant.parse("2025-06-10T22:30:00Z");

    private TestDatabase database;
    private HikariDataSource dataSource;
    private PostgresMetricStore store;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create();
        dataSource = DataSources.pooled(database.url());
        store = new PostgresMetricStore(dataSource, Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void dropDatabase() {
        dataSource.close();
        database.close();
    }

    @Test
    void detectionPicksDayPartitionsOnAServerWithoutTimescale() throws SQLException {
        LayoutChoice choice = store.migrate();

        assertThat(choice).isEqualTo(new LayoutChoice(StoreLayout.DAY_PARTITIONS,
                "timescaledb extension not available on this server"));
        assertThat(store.layout()).isEqualTo(StoreLayout.DAY_PARTITIONS);
        assertThat(query("SELECT layout FROM store_layout")).isEqualTo("DAY_PARTITIONS");
        // another process reads the recorded layout without migrating
        assertThat(new PostgresMetricStore(dataSource).layout()).isEqualTo(StoreLayout.DAY_PARTITIONS);
        // and a second start finds it recorded
        assertThat(store.migrate().reason()).isEqualTo("recorded in store_layout when this database was first migrated");
    }

    @Test
    void startUpCreatesTodaysAndTomorrowsPartitions() throws SQLException {
        store.migrate();

        assertThat(partitions()).isEqualTo("samples_p20250610,samples_p20250611");
    }

    @Test
    void aDatabaseMigratedBeforeLayoutsWereRecordedIsTakenAsDayPartitions() throws SQLException {
        PostgresMetricStore.flyway(dataSource, StoreLayout.COMMON_MIGRATIONS, StoreLayout.DAY_PARTITIONS.migrations())
                .migrate(); // V1 and V2, the version before this change
        execute("DROP TABLE store_layout");
        execute("DELETE FROM flyway_history_collector WHERE version = '3'");

        assertThat(store.migrate().reason()).isEqualTo("recorded in store_layout when this database was first migrated");
        assertThat(query("SELECT layout FROM store_layout")).isEqualTo("DAY_PARTITIONS");
    }

    @Test
    void retentionDropsOnlyDaysEntirelyBeforeTheCutoffAndForgetsOldBatchIds() throws SQLException {
        store.migrate();
        Instant day1 = Instant.parse("2025-06-07T23:59:59.999999Z");
        Instant day2 = Instant.parse("2025-06-08T00:00:00Z");
        Instant day3 = Instant.parse("2025-06-09T12:00:00Z");
        store.append(SampleBatch.of(List.of(Sample.of(day1, "n1", "a", 1), Sample.of(day2, "n1", "a", 2),
                Sample.of(day2.plusSeconds(3600), "n1", "a", 3), Sample.of(day3, "n1", "a", 4))));
        execute("UPDATE ingested_batches SET stored_at = '2025-06-08T00:30:00Z'");
        store.append(SampleBatch.of(List.of(Sample.of(day3.plusSeconds(1), "n1", "a", 5))));

        // the cutoff falls inside 8 June: that day is kept whole, its rows before the cutoff included
        Instant cutoff = Instant.parse("2025-06-08T12:00:00Z");
        RetentionResult result = store.applyRetention(cutoff);

        assertThat(result).isEqualTo(new RetentionResult(StoreLayout.DAY_PARTITIONS, cutoff,
                List.of("samples_p20250607"), 1));
        assertThat(store.samplesSince(Instant.EPOCH, Set.of())).extracting(Sample::value)
                .containsExactly(2.0, 3.0, 4.0, 5.0);
        assertThat(partitions()).isEqualTo("samples_p20250608,samples_p20250609,samples_p20250610,samples_p20250611");
        assertThat(query("SELECT count(*) FROM ingested_batches")).isEqualTo("1");
        assertThat(store.applyRetention(cutoff).droppedTables()).isEmpty();

        // a day dropped can be written again (a late batch): its partition comes back
        store.append(SampleBatch.of(List.of(Sample.of(day1, "n1", "a", 6))));
        assertThat(store.count()).isEqualTo(5);
        // and the cutoff at midnight drops the day before it
        assertThat(store.applyRetention(Instant.parse("2025-06-09T00:00:00Z")).droppedTables())
                .containsExactly("samples_p20250607", "samples_p20250608");
    }

    @Test
    void aPartitionDroppedByAnotherProcessFailsOneAppendAndTheRetryRecreatesIt() throws SQLException {
        store.migrate();
        Instant old = Instant.parse("2025-06-01T08:00:00Z");
        store.append(SampleBatch.of(List.of(Sample.of(old, "n1", "a", 1))));
        new PostgresMetricStore(dataSource).applyRetention(Instant.parse("2025-06-05T00:00:00Z"));

        SampleBatch late = SampleBatch.of(List.of(Sample.of(old.plusSeconds(60), "n1", "a", 2)));
        assertThatThrownBy(() -> store.append(late))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("(none were written)");
        store.append(late);

        assertThat(store.samplesSince(Instant.EPOCH, Set.of())).extracting(Sample::value).containsExactly(2.0);
    }

    private String partitions() throws SQLException {
        return query("SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i"
                + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'samples'::regclass");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
