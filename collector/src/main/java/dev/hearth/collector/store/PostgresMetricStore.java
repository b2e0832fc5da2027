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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metric store on PostgreSQL: {@code series(id, node, metric, labels jsonb)} holds each series once
 * and {@code samples(time, series_id, value)} holds the readings, either as a TimescaleDB hypertable or
 * partitioned by UTC day ({@link StoreLayout}; {@link #migrate()} chooses and logs which).
 *
 * <p>The schema is this module's own Flyway history ({@code flyway_history_collector}, migrations in
 * {@code db/migration/collector/common} and one folder per layout), so the other modules can keep their
 * migrations in the same database without one history claiming another's versions.
 *
 * <p>Samples go in with binary COPY, in one transaction with the batch's id, so a batch is stored
 * whole and once. Times are stored to the microsecond, PostgreSQL's precision; finer parts are
 * truncated so that a sample reads back exactly as it was written. Every failure to reach or use the
 * database is a {@link StoreUnavailableException}. The one character PostgreSQL cannot store in text,
 * U+0000, is written as U+FFFD so that it cannot fail a batch over and over on every retry.
 */
public final class PostgresMetricStore implements SampleSink {
    static final String HISTORY_TABLE = "flyway_history_collector";
    /** How long the TimescaleDB retention policy keeps samples when the caller does not say. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(14);
    /** The per-minute roll-up refreshes from the last 2 hours of samples, so those must still exist. */
    private static final Duration MIN_RETENTION = Duration.ofHours(3);
    private static final System.Logger LOG = System.getLogger(PostgresMetricStore.class.getName());
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final Duration retention;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final SeriesResolver series = new SeriesResolver(json);
    private final DayPartitions partitions = new DayPartitions();
    private volatile StoreLayout layout;

    /** A store with the default retention policy ({@link #DEFAULT_RETENTION}) on the system clock. */
    public PostgresMetricStore(DataSource dataSource) {
        this(dataSource, DEFAULT_RETENTION, Clock.systemUTC());
    }

    /**
     * @param retention how long the TimescaleDB layout's retention policy keeps samples (the native
     *                  layout keeps them until {@link #applyRetention} is called); at least 3 hours
     * @param clock     says which days' partitions to create ahead at start-up
     */
    public PostgresMetricStore(DataSource dataSource, Duration retention, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (retention.compareTo(MIN_RETENTION) < 0) {
            throw new IllegalArgumentException("metric store retention is " + retention + "; give at least "
                    + MIN_RETENTION + ": the per-minute roll-up refreshes from the last 2 hours of samples");
        }
    }

    /**
     * Chooses the layout (see {@link LayoutChoice}), creates or upgrades the collector's tables, and gets
     * them ready for today: the native layout's partitions of today and tomorrow, or the TimescaleDB
     * layout's retention policy. Logs one line saying which layout and why. An existing database that
     * has other modules' tables but no collector history is baselined at version 0, so V1 still runs.
     *
     * @throws StoreUnavailableException     when the migration cannot run; the message says why
     * @throws StoreLayoutConflictException when the database's recorded layout cannot run on this server
     */
    public LayoutChoice migrate() {
        LayoutChoice choice;
        try (Connection connection = dataSource.getConnection()) {
            choice = LayoutDetector.choose(connection);
        } catch (SQLException e) {
            throw notMigrated("could not look up its layout: " + e.getMessage(), e);
        }
        try {
            flyway(dataSource, StoreLayout.COMMON_MIGRATIONS, choice.layout().migrations()).migrate();
        } catch (FlywayException e) {
            throw notMigrated(e.getMessage(), e);
        }
        try (Connection connection = dataSource.getConnection()) {
            if (choice.layout() == StoreLayout.DAY_PARTITIONS) {
                long today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
                partitions.ensure(connection, Set.of(today, today + 1));
            } else {
                TimescaleRetention.setPolicy(connection, retention);
            }
        } catch (SQLException e) {
            throw notMigrated("could not prepare the " + choice.layout().description() + ": " + e.getMessage(), e);
        }
        layout = choice.layout();
        LOG.log(System.Logger.Level.INFO, choice.describe());
        return choice;
    }

    /** The collector's Flyway history over {@code locations}: the common one, then one layout's. */
    static Flyway flyway(DataSource dataSource, String... locations) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    /**
     * This database's layout: the one {@link #migrate()} chose, or the one recorded in the database by
     * another process's migration.
     *
     * @throws StoreUnavailableException when the database cannot be reached
     */
    public StoreLayout layout() {
        StoreLayout known = layout;
        if (known != null) {
            return known;
        }
        try (Connection connection = dataSource.getConnection()) {
            return layout(connection);
        } catch (SQLException e) {
            throw unavailable("could not look up the store's layout", e);
        }
    }

    private StoreLayout layout(Connection connection) throws SQLException {
        StoreLayout known = layout;
        if (known == null) {
            known = LayoutDetector.recorded(connection).orElseThrow(() -> new IllegalStateException(
                    "the metric store's tables do not exist in this database yet; call migrate() first"));
            layout = known;
        }
        return known;
    }

    @Override
    public void append(SampleBatch batch) {
        List<Sample> samples = batch.samples();
        if (samples.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            boolean dayPartitions = layout(connection) == StoreLayout.DAY_PARTITIONS;
            int[] ids = series.ids(connection, samples);
            if (dayPartitions) {
                partitions.ensureFor(connection, samples);
            }
            connection.setAutoCommit(false);
            try {
                if (!claim(connection, batch)) {
                    connection.rollback();
                    return; // stored by an earlier attempt whose acknowledgement was lost
                }
                SampleCopy.copy(connection, samples, ids);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            // a partition dropped by another process's retention is one cause: look again next time
            partitions.forget();
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

    /**
     * Retention: drops what lies entirely before {@code cutoff}, whole days of the native layout or
     * whole chunks of the TimescaleDB layout, never single rows (so samples of the day the cutoff falls
     * in stay until that whole day is old); and forgets the ids of batches stored before the cutoff.
     */
    public RetentionResult applyRetention(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        try (Connection connection = dataSource.getConnection()) {
            StoreLayout current = layout(connection);
            connection.setAutoCommit(false);
            try {
                List<String> dropped = current == StoreLayout.TIMESCALE
                        ? TimescaleRetention.dropChunksBefore(connection, cutoff)
                        : partitions.dropBefore(connection, cutoff);
                int forgotten;
                try (PreparedStatement prune = connection.prepareStatement(
                        "DELETE FROM ingested_batches WHERE stored_at < ?")) {
                    prune.setObject(1, toTimestamp(cutoff));
                    forgotten = prune.executeUpdate();
                }
                connection.commit();
                return new RetentionResult(current, cutoff, dropped, forgotten);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("could not drop samples older than " + cutoff, e);
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

    private static OffsetDateTime toTimestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private TreeMap<String, String> fromJson(String labels) {
        try {
            return json.readValue(labels, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("series.labels holds '" + labels
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

    private static StoreUnavailableException notMigrated(String why, Exception e) {
        return new StoreUnavailableException("could not create or upgrade the collector's tables (Flyway history "
                + HISTORY_TABLE + "): " + why, e);
    }

    private static StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("PostgreSQL metric store: " + what + ": " + e.getMessage(), e);
    }
}
