package dev.hearth.collector.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.SampleSink;
import dev.hearth.collector.StoreUnavailableException;
import dev.hearth.model.Sample;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metric store on PostgreSQL: {@code series(id, node, metric, labels jsonb)} holds each series once
 * and {@code samples(time, series_id, value)}, partitioned by UTC day, holds the readings.
 *
 * <p>The schema is this module's own Flyway history ({@code flyway_history_collector}, migrations in
 * {@code db/migration/collector}), so the other modules can keep their migrations in the same database
 * without one history claiming another's versions.
 *
 * <p>Times are stored to the microsecond, PostgreSQL's precision; finer parts are truncated so that a
 * sample reads back exactly as it was written. Every failure to reach or use the database is a
 * {@link StoreUnavailableException}, and nothing is half-written: one transaction per call. The one
 * character PostgreSQL cannot store in text, U+0000, is written as U+FFFD so that it cannot fail a
 * batch over and over on every retry.
 */
public final class PostgresMetricStore implements SampleSink {
    static final String HISTORY_TABLE = "flyway_history_collector";
    static final String MIGRATIONS = "classpath:db/migration/collector";
    /** Rows per JDBC batch inside the one transaction: bounds driver memory for large catch-up appends. */
    private static final int BATCH_ROWS = 1000;
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<SeriesKey, Integer> seriesCache = new ConcurrentHashMap<>();

    public PostgresMetricStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Creates or upgrades the collector's tables. An existing database that has other modules' tables
     * but no collector history is baselined at version 0, so V1 still runs.
     *
     * @throws StoreUnavailableException when the migration cannot run; the message says why
     */
    public void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreUnavailableException("could not create or upgrade the collector's tables (Flyway history "
                    + HISTORY_TABLE + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void append(SampleBatch batch) {
        List<Sample> samples = batch.samples();
        if (samples.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Map<SeriesKey, Integer> ids = seriesIds(connection, samples);
            connection.setAutoCommit(false);
            try {
                if (!claim(connection, batch)) {
                    connection.rollback();
                    return; // stored by an earlier attempt whose acknowledgement was lost
                }
                ensurePartitions(connection, samples);
                insertRows(connection, samples, ids);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("could not store batch " + batch.id() + " of " + samples.size()
                    + " samples (none were written)", e);
        }
    }

    /** Records the batch as stored, in the caller's transaction; false when it already was. */
    private static boolean claim(Connection connection, SampleBatch batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO ingested_batches (id, samples) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
            insert.setObject(1, batch.id());
            insert.setInt(2, batch.size());
            return insert.executeUpdate() == 1;
        }
    }

    private static void ensurePartitions(Connection connection, List<Sample> samples) throws SQLException {
        Set<LocalDate> days = new TreeSet<>();
        for (Sample sample : samples) {
            days.add(LocalDate.ofInstant(sample.time(), ZoneOffset.UTC));
        }
        try (PreparedStatement ensure = connection.prepareStatement("SELECT collector_ensure_day_partition(?)")) {
            for (LocalDate day : days) {
                ensure.setObject(1, day);
                ensure.execute();
            }
        }
    }

    private static void insertRows(Connection connection, List<Sample> samples, Map<SeriesKey, Integer> ids)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO samples (time, series_id, value) VALUES (?, ?, ?)")) {
            int rows = 0;
            for (Sample sample : samples) {
                insert.setObject(1, toTimestamp(sample.time()));
                insert.setInt(2, ids.get(SeriesKey.of(sample)));
                insert.setDouble(3, sample.value());
                insert.addBatch();
                if (++rows % BATCH_ROWS == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * The id of every series in {@code samples}, creating missing ones. Series are committed on their
     * own, before the samples' transaction, so that an id cached here always exists; a series whose
     * samples then fail to store is harmless.
     */
    private Map<SeriesKey, Integer> seriesIds(Connection connection, List<Sample> samples) throws SQLException {
        Map<SeriesKey, Integer> ids = new HashMap<>();
        for (Sample sample : samples) {
            SeriesKey key = SeriesKey.of(sample);
            if (!ids.containsKey(key)) {
                Integer known = seriesCache.get(key);
                ids.put(key, known != null ? known : createSeries(connection, key));
            }
        }
        return ids;
    }

    private int createSeries(Connection connection, SeriesKey key) throws SQLException {
        String labels = toJson(key.metric(), key.labels());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO series (node, metric, labels) VALUES (?, ?, ?::jsonb) ON CONFLICT ON CONSTRAINT "
                        + "series_identity DO NOTHING");
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id FROM series WHERE node = ? AND metric = ? AND labels = ?::jsonb")) {
            insert.setString(1, key.node());
            insert.setString(2, key.metric());
            insert.setString(3, labels);
            insert.executeUpdate();
            select.setString(1, key.node());
            select.setString(2, key.metric());
            select.setString(3, labels);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                int id = row.getInt(1);
                seriesCache.put(key, id);
                return id;
            }
        }
    }

    /** Samples at or after {@code from}, oldest first; {@code metrics} empty means every metric. */
    public List<Sample> samplesSince(Instant from, Set<String> metrics) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(metrics, "metrics");
        String sql = "SELECT s.time, r.node, r.metric, r.labels::text, s.value FROM samples s"
                + " JOIN series r ON r.id = s.series_id WHERE s.time >= ?"
                + (metrics.isEmpty() ? "" : " AND r.metric = ANY (?)")
                + " ORDER BY time, node, metric";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, toTimestamp(from));
            if (!metrics.isEmpty()) {
                Array names = connection.createArrayOf("text", metrics.toArray());
                query.setArray(2, names);
            }
            List<Sample> samples = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    samples.add(new Sample(
                            rows.getObject(1, OffsetDateTime.class).toInstant(),
                            rows.getString(2),
                            rows.getString(3),
                            fromJson(rows.getString(4)),
                            rows.getDouble(5)));
                }
            }
            return samples;
        } catch (SQLException e) {
            throw unavailable("could not read samples since " + from, e);
        }
    }

    /** Number of stored samples. */
    public long count() {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM samples")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw unavailable("could not count samples", e);
        }
    }

    /** Retention: deletes samples older than {@code cutoff}; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM samples WHERE time < ?")) {
            delete.setObject(1, toTimestamp(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("could not delete samples older than " + cutoff, e);
        }
    }

    private static OffsetDateTime toTimestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /**
     * PostgreSQL text and jsonb cannot hold U+0000, so one such character would fail the whole batch
     * again on every retry; it becomes U+FFFD (the replacement character) instead.
     */
    private static String withoutNul(String text) {
        return text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private String toJson(String metric, Map<String, String> labels) {
        try {
            return json.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            // a Map<String, String> always serialises; reaching this is a bug, not bad input
            throw new IllegalStateException("cannot write labels of " + metric + " as JSON", e);
        }
    }

    /** A series as the database keys it: U+0000 already replaced, labels sorted. */
    private record SeriesKey(String node, String metric, Map<String, String> labels) {
        static SeriesKey of(Sample sample) {
            Map<String, String> labels = new TreeMap<>();
            sample.labels().forEach((name, value) -> labels.put(name, withoutNul(value)));
            return new SeriesKey(withoutNul(sample.node()), sample.metric(), labels);
        }
    }

    private TreeMap<String, String> fromJson(String labels) {
        try {
            return json.readValue(labels, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("samples.labels holds '" + labels
                    + "', which is not a JSON object of strings; was the row written by another program?", e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            // the connection is probably gone, which rolls the transaction back anyway
            cause.addSuppressed(rollbackFailure);
        }
    }

    private static StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("PostgreSQL metric store: " + what + ": " + e.getMessage(), e);
    }
}
