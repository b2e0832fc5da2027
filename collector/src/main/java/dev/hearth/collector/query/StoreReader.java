package dev.hearth.collector.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.collector.StoreUnavailableException;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The SQL behind {@link MetricQueries}: one statement per call. Matching series are picked from
 * {@code series} first (metric and node through its index, labels by jsonb containment), then their
 * samples are read through the {@code (series_id, time)} index of each day partition the window
 * touches.
 */
final class StoreReader {
    /**
     * The series a selector matches. A matcher with value "" must not find the label with a non-empty
     * value; PromQL reads a missing label and an empty one alike.
     */
    private static final String CHOSEN = "WITH chosen AS (SELECT id, node, metric, labels FROM series"
            + " WHERE metric = ?%s AND labels @> ?::jsonb AND NOT EXISTS (SELECT 1 FROM jsonb_each_text(labels) l"
            + " WHERE l.key = ANY (?::text[]) AND l.value <> ''))";
    /** Times travel as microseconds since the epoch: exact, and free of the driver's time zone handling. */
    private static final String MICROS = "(extract(epoch FROM s.time) * 1000000)::bigint";
    private static final String POINTS = CHOSEN + " SELECT c.node, c.metric, c.labels::text,"
            + " array_agg(" + MICROS + " ORDER BY s.time, s.value), array_agg(s.value ORDER BY s.time, s.value)"
            + " FROM chosen c JOIN samples s ON s.series_id = c.id WHERE s.time > ? AND s.time <= ?"
            + " GROUP BY c.id, c.node, c.metric, c.labels";
    private static final String NEWEST = CHOSEN + " SELECT c.node, c.metric, c.labels::text, n.micros, n.value"
            + " FROM chosen c CROSS JOIN LATERAL (SELECT " + MICROS + " AS micros, s.value FROM samples s"
            + " WHERE s.series_id = c.id AND s.time > ? AND s.time <= ? ORDER BY s.time DESC, s.value DESC LIMIT 1) n";
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    StoreReader(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Readings of every matching series with {@code from < time <= to}, series in key order. */
    List<SeriesPoints> points(SeriesSelector selector, Instant from, Instant to, String what) {
        List<SeriesPoints> found = new ArrayList<>();
        query(POINTS, selector, from, to, what, rows -> {
            Long[] micros = (Long[]) rows.getArray(4).getArray();
            Double[] values = (Double[]) rows.getArray(5).getArray();
            List<Point> points = new ArrayList<>(micros.length);
            for (int i = 0; i < micros.length; i++) {
                points.add(new Point(instant(micros[i]), values[i]));
            }
            found.add(new SeriesPoints(key(rows), points));
        });
        found.sort((a, b) -> a.series().compareTo(b.series()));
        return found;
    }

    /** The newest reading of every matching series with {@code from < time <= to}, series in key order. */
    List<SeriesSample> newest(SeriesSelector selector, Instant from, Instant to, String what) {
        List<SeriesSample> found = new ArrayList<>();
        query(NEWEST, selector, from, to, what,
                rows -> found.add(new SeriesSample(key(rows), instant(rows.getLong(4)), rows.getDouble(5))));
        found.sort((a, b) -> a.series().compareTo(b.series()));
        return found;
    }

    private void query(String template, SeriesSelector selector, Instant from, Instant to, String what, RowReader reader) {
        String sql = String.format(template, selector.node().isPresent() ? " AND node = ?" : "");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int p = 1;
            statement.setString(p++, selector.metric());
            if (selector.node().isPresent()) {
                statement.setString(p++, selector.node().get());
            }
            statement.setString(p++, toJson(selector));
            Array absent = connection.createArrayOf("text", selector.absent());
            statement.setArray(p++, absent);
            statement.setObject(p++, timestamp(from));
            statement.setObject(p, timestamp(to));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("metric store: could not read " + what + ": " + e.getMessage(), e);
        }
    }

    private SeriesKey key(ResultSet rows) throws SQLException {
        String labels = rows.getString(3);
        try {
            return new SeriesKey(rows.getString(1), rows.getString(2), json.readValue(labels, LABELS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("series.labels holds '" + labels
                    + "', which is not a JSON object of strings; was the row written by another program?", e);
        }
    }

    private String toJson(SeriesSelector selector) {
        try {
            return json.writeValueAsString(selector.required());
        } catch (JsonProcessingException e) {
            // a map of strings always serialises; reaching this is a bug, not bad input
            throw new IllegalStateException("cannot write the labels of " + selector + " as JSON", e);
        }
    }

    /** Truncated to the microsecond as the store truncates what it writes, so bounds and samples agree. */
    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** Reads one result row; may throw what JDBC throws. */
    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }
}
