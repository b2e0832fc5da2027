package dev.hearth.collector.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.StoreUnavailableException;
import dev.hearth.model.Sample;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store on a real, throw-away PostgreSQL database. */
class PostgresMetricStoreIT {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05.123456Z");

    private TestDatabase database;
    private HikariDataSource dataSource;
    private PostgresMetricStore store;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.create();
        dataSource = DataSources.pooled(database.url());
        store = new PostgresMetricStore(dataSource);
    }

    @AfterEach
    void dropDatabase() {
        dataSource.close();
        database.close();
    }

    @Test
    void samplesRoundTripIncludingNaNInfinitiesAndOddLabelValues() {
        store.migrate();
        List<Sample> written = List.of(
                new Sample(T0, "n1", "hearth_bmc_temperature_celsius",
                        Map.of("sensor", "CPU Temp", "physical_context", "CPU"), 45.5),
                new Sample(T0, "n1", "hearth_node_inflight_requests", Map.of(), Double.NaN),
                new Sample(T0.plusMillis(1), "n2", "hearth_bmc_power_consumed_watts",
                        Map.of("control", "say \"hi\" \\ ünïcode\nline"), Double.POSITIVE_INFINITY),
                new Sample(T0.plusMillis(2), "n2", "hearth_scrape_duration_seconds",
                        Map.of("source", "bmc"), Double.NEGATIVE_INFINITY));

        store.append(SampleBatch.of(written));

        assertThat(store.samplesSince(T0, Set.of())).containsExactlyElementsOf(written);
        assertThat(store.count()).isEqualTo(4);
    }

    @Test
    void readsInTimeOrderFromAnInstantForTheGivenMetrics() {
        store.migrate();
        Sample late = Sample.of(T0.plusSeconds(30), "n1", "b", 3);
        Sample early = Sample.of(T0, "n1", "a", 1);
        Sample middle = Sample.of(T0.plusSeconds(15), "n2", "a", 2);
        Sample before = Sample.of(T0.minusSeconds(15), "n1", "a", 0);
        store.append(SampleBatch.of(List.of(late, early, middle, before)));

        assertThat(store.samplesSince(T0, Set.of())).containsExactly(early, middle, late);
        assertThat(store.samplesSince(T0, Set.of("a"))).containsExactly(early, middle);
        assertThat(store.samplesSince(T0, Set.of("a", "b"))).containsExactly(early, middle, late);
        assertThat(store.samplesSince(T0, Set.of("missing"))).isEmpty();
    }

    @Test
    void storesTimesToTheMicrosecond() {
        store.migrate();
        store.append(SampleBatch.of(List.of(Sample.of(T0.plusNanos(789), "n1", "a", 1))));

        assertThat(store.samplesSince(T0, Set.of())).extracting(Sample::time).containsExactly(T0);
    }

    @Test
    void aBatchAppendedTwiceIsStoredOnce() {
        store.migrate();
        SampleBatch batch = SampleBatch.of(List.of(Sample.of(T0, "n1", "a", 1), Sample.of(T0, "n2", "a", 2)));

        store.append(batch);
        store.append(batch);
        store.append(new SampleBatch(batch.id(), List.of(Sample.of(T0, "n3", "a", 3))));

        assertThat(store.count()).isEqualTo(2);
        assertThat(store.samplesSince(T0, Set.of())).extracting(Sample::node).containsExactly("n1", "n2");
    }

    @Test
    void anAppendThatFailsWritesNothing() throws SQLException {
        store.migrate();
        // a real failure in the middle of the transaction: a trigger refuses one row
        execute("CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.value = -1 THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$");
        execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON samples FOR EACH ROW EXECUTE FUNCTION refuse_poison()");
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) { // more than one COPY buffer, so earlier rows were already sent
            batch.add(Sample.of(T0.plusMillis(i), "n1", "a", i));
        }
        batch.add(Sample.of(T0, "poison", "a", -1));

        SampleBatch poisoned = SampleBatch.of(batch);
        assertThatThrownBy(() -> store.append(poisoned))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("PostgreSQL metric store: could not store batch " + poisoned.id()
                        + " of 2501 samples (none were written): ")
                .hasMessageContaining("refused by test trigger");
        assertThat(store.count()).isZero();
    }

    @Test
    void nulCharactersDoNotPoisonABatch() {
        store.migrate();
        store.append(SampleBatch.of(List.of(new Sample(T0, "n\u00001", "a", Map.of("l", "x\u0000y"), 1))));

        assertThat(store.samplesSince(T0, Set.of())).containsExactly(
                new Sample(T0, "n\uFFFD1", "a", Map.of("l", "x\uFFFDy"), 1));
    }

    @Test
    void anUnreachableDatabaseIsUnavailableNotACrash() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/hearth?user=postgres");
        PostgresMetricStore unreachable = new PostgresMetricStore(nowhere);

        assertThatThrownBy(() -> unreachable.append(SampleBatch.of(List.of(Sample.of(T0, "n1", "a", 1)))))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("of 1 samples (none were written)")
                .hasMessageContaining("127.0.0.1:" + closedPort);
        assertThatThrownBy(unreachable::migrate)
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("flyway_history_collector");
    }

    @Test
    void migratesIntoADatabaseSharedWithOtherModulesAndOnlyOnce() throws SQLException {
        // another module got there first, with its own tables and its own Flyway history
        execute("CREATE TABLE findings (id bigint PRIMARY KEY)");
        execute("CREATE TABLE flyway_history_rules (installed_rank int PRIMARY KEY)");

        store.migrate();
        store.migrate();

        assertThat(query("SELECT string_agg(version || ':' || type, ',' ORDER BY installed_rank) "
                + "FROM flyway_history_collector")).isEqualTo("0:BASELINE,1:SQL,2:SQL,3:SQL");
        assertThat(query("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                + "WHERE tablename = 'samples'")).isEqualTo("samples_series_time_idx,samples_time_brin");
        assertThat(query("SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ', ' "
                + "ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'samples'"))
                .isEqualTo("time timestamp with time zone NO, series_id integer NO, value double precision NO");
    }

    @Test
    void migratesAnEmptyDatabaseWithoutABaselineRow() throws SQLException {
        store.migrate();

        assertThat(query("SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_history_collector"))
                .isEqualTo("1,2,3");
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
