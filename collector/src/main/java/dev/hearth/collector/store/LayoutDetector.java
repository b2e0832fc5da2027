package dev.hearth.collector.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Chooses a database's layout at start-up: the one recorded in {@code store_layout} when the database
 * already has one, otherwise TimescaleDB when the server has the extension and it can be created here,
 * otherwise native day partitions.
 */
final class LayoutDetector {
    private static final String EXTENSION = "timescaledb";

    /** What the server offers: whether the TimescaleDB layout can run here, and why (not). */
    record TimescaleSupport(boolean usable, String reason) {
    }

    private LayoutDetector() {
    }

    static LayoutChoice choose(Connection connection) throws SQLException {
        Optional<StoreLayout> recorded = recorded(connection);
        // a native database never needs the extension, so it is not created there just to be unused
        TimescaleSupport support = probe(connection, recorded.isEmpty() || recorded.get() == StoreLayout.TIMESCALE);
        return decide(recorded, support);
    }

    /**
     * The decision itself, apart from the database: a recorded layout is kept or refused, never switched.
     *
     * @throws StoreLayoutConflictException when the database holds the TimescaleDB layout and the server
     *                                      cannot run it
     */
    static LayoutChoice decide(Optional<StoreLayout> recorded, TimescaleSupport support) {
        if (recorded.isEmpty()) {
            return new LayoutChoice(support.usable() ? StoreLayout.TIMESCALE : StoreLayout.DAY_PARTITIONS,
                    support.reason());
        }
        if (recorded.get() == StoreLayout.DAY_PARTITIONS) {
            return new LayoutChoice(StoreLayout.DAY_PARTITIONS, "recorded in store_layout when this database was"
                    + " first migrated" + (support.usable() ? "; timescaledb is available, but a database keeps"
                    + " its layout: copy the samples into a new database to switch" : ""));
        }
        if (!support.usable()) {
            throw new StoreLayoutConflictException("this database's metric store has the TimescaleDB layout"
                    + " (recorded in store_layout), but " + support.reason() + "; install TimescaleDB on this"
                    + " server (and add it to shared_preload_libraries), or point Hearth at a new database to"
                    + " start over with native day partitions: layouts are never switched silently");
        }
        return new LayoutChoice(StoreLayout.TIMESCALE, "recorded in store_layout when this database was first"
                + " migrated; " + support.reason());
    }

    /** The layout in {@code store_layout}; a database migrated before layouts were recorded is native. */
    static Optional<StoreLayout> recorded(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            if (exists(s, "SELECT to_regclass('store_layout') IS NOT NULL")) {
                try (ResultSet row = s.executeQuery("SELECT layout FROM store_layout")) {
                    return row.next() ? Optional.of(StoreLayout.valueOf(row.getString(1))) : Optional.empty();
                }
            }
            // version 2 before store_layout existed: the native layout was the only one
            if (exists(s, "SELECT to_regclass('" + PostgresMetricStore.HISTORY_TABLE + "') IS NOT NULL")
                    && exists(s, "SELECT EXISTS (SELECT 1 FROM " + PostgresMetricStore.HISTORY_TABLE
                    + " WHERE version = '2' AND success)")) {
                return Optional.of(StoreLayout.DAY_PARTITIONS);
            }
            return Optional.empty();
        }
    }

    private static TimescaleSupport probe(Connection connection, boolean mayCreate) throws SQLException {
        try (Statement s = connection.createStatement()) {
            String installed = text(s, "SELECT extversion FROM pg_extension WHERE extname = '" + EXTENSION + "'");
            if (installed != null) {
                return new TimescaleSupport(true, EXTENSION + " " + installed + " is installed in this database");
            }
            String available = text(s, "SELECT default_version FROM pg_available_extensions WHERE name = '"
                    + EXTENSION + "'");
            if (available == null) {
                return new TimescaleSupport(false, EXTENSION + " extension not available on this server");
            }
            if (!mayCreate) {
                return new TimescaleSupport(true, EXTENSION + " " + available + " is available on this server");
            }
        }
        return create(connection);
    }

    /** Creates the extension, which is the only sure test: it also needs rights and shared_preload_libraries. */
    private static TimescaleSupport create(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS " + EXTENSION);
            String version = text(s, "SELECT extversion FROM pg_extension WHERE extname = '" + EXTENSION + "'");
            connection.commit();
            return new TimescaleSupport(true, EXTENSION + " " + version + " created in this database");
        } catch (SQLException e) {
            connection.rollback();
            return new TimescaleSupport(false, EXTENSION + " extension is available but could not be created"
                    + " here: " + e.getMessage());
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Statement s, String sql) throws SQLException {
        try (ResultSet row = s.executeQuery(sql)) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static String text(Statement s, String sql) throws SQLException {
        try (ResultSet row = s.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
