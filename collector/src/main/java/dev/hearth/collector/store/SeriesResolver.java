package dev.hearth.collector.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.Sample;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Series ids for samples, creating missing series in bulk: one INSERT of all new series and one SELECT
 * of their ids per chunk of {@value #CHUNK} series, not a round trip per series. Series are committed
 * on their own, before the samples' transaction, so that an id in the cache always exists in the
 * database; a series whose samples then fail to store is harmless.
 */
final class SeriesResolver {
    /** New series per statement: bounds the arrays sent when a fleet appears all at once. */
    static final int CHUNK = 10_000;
    private static final String INSERT = "INSERT INTO series (node, metric, labels)"
            + " SELECT n, m, l::jsonb FROM unnest(?::text[], ?::text[], ?::text[]) AS u(n, m, l)"
            + " ON CONFLICT ON CONSTRAINT series_identity DO NOTHING";
    private static final String SELECT = "SELECT u.i, s.id"
            + " FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS u(n, m, l, i)"
            + " JOIN series s ON s.node = u.n AND s.metric = u.m AND s.labels = u.l::jsonb";

    private final ObjectMapper json;
    private final Map<SeriesKey, Integer> cache = new ConcurrentHashMap<>();

    SeriesResolver(ObjectMapper json) {
        this.json = json;
    }

    /** The series id of each sample, index for index; the connection must be in auto-commit. */
    int[] ids(Connection connection, List<Sample> samples) throws SQLException {
        int[] ids = new int[samples.size()];
        SeriesKey[] keys = null; // only built when some series is not cached
        Set<SeriesKey> missing = new LinkedHashSet<>();
        for (int i = 0; i < ids.length; i++) {
            SeriesKey key = SeriesKey.of(samples.get(i));
            Integer id = cache.get(key);
            if (id != null) {
                ids[i] = id;
            } else {
                if (keys == null) {
                    keys = new SeriesKey[ids.length];
                }
                keys[i] = key;
                missing.add(key);
            }
        }
        if (missing.isEmpty()) {
            return ids;
        }
        Map<SeriesKey, Integer> created = create(connection, new ArrayList<>(missing));
        for (int i = 0; i < ids.length; i++) {
            if (keys[i] != null) {
                ids[i] = created.get(keys[i]);
            }
        }
        return ids;
    }

    private Map<SeriesKey, Integer> create(Connection connection, List<SeriesKey> missing) throws SQLException {
        Map<SeriesKey, Integer> created = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT);
             PreparedStatement select = connection.prepareStatement(SELECT)) {
            for (int from = 0; from < missing.size(); from += CHUNK) {
                List<SeriesKey> chunk = missing.subList(from, Math.min(missing.size(), from + CHUNK));
                String[] nodes = new String[chunk.size()];
                String[] metrics = new String[chunk.size()];
                String[] labels = new String[chunk.size()];
                for (int i = 0; i < nodes.length; i++) {
                    SeriesKey key = chunk.get(i);
                    nodes[i] = key.node();
                    metrics[i] = key.metric();
                    labels[i] = toJson(key);
                }
                bind(connection, insert, nodes, metrics, labels);
                insert.executeUpdate();
                bind(connection, select, nodes, metrics, labels);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        SeriesKey key = chunk.get(rows.getInt(1) - 1);
                        int id = rows.getInt(2);
                        created.put(key, id);
                        cache.put(key, id);
                    }
                }
                if (created.size() < from + chunk.size()) {
                    // only a concurrent DELETE FROM series could do this; the store never deletes series
                    throw new SQLException("created " + chunk.size() + " series but found " + (created.size() - from)
                            + " of them again; was the series table changed by another program?");
                }
            }
        }
        return created;
    }

    private static void bind(Connection connection, PreparedStatement statement, String[] nodes, String[] metrics,
                             String[] labels) throws SQLException {
        Array n = connection.createArrayOf("text", nodes);
        Array m = connection.createArrayOf("text", metrics);
        Array l = connection.createArrayOf("text", labels);
        statement.setArray(1, n);
        statement.setArray(2, m);
        statement.setArray(3, l);
    }

    private String toJson(SeriesKey key) {
        try {
            return json.writeValueAsString(key.labels());
        } catch (JsonProcessingException e) {
            // a Map<String, String> always serialises; reaching this is a bug, not bad input
            throw new IllegalStateException("cannot write labels of " + key.metric() + " as JSON", e);
        }
    }
}
