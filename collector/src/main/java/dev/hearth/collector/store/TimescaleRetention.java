package dev.hearth.collector.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention in the TimescaleDB layout: the server's retention policy drops old chunks on its own
 * schedule, and {@link #dropChunksBefore} drops them when the control loop asks. The policy is set
 * from the store's configured retention at every start (replacing the previous one), so a changed
 * configuration takes effect without a migration.
 */
final class TimescaleRetention {
    private TimescaleRetention() {
    }

    static void setPolicy(Connection connection, Duration retention) throws SQLException {
        try (PreparedStatement remove = connection.prepareStatement(
                "SELECT remove_retention_policy('samples', if_exists => true)");
             PreparedStatement add = connection.prepareStatement(
                     "SELECT add_retention_policy('samples', drop_after => CAST(? AS interval))")) {
            remove.execute();
            add.setString(1, retention.toSeconds() + " seconds");
            add.execute();
        }
    }

    /** Drops the chunks entirely older than {@code cutoff}; returns their names. */
    static List<String> dropChunksBefore(Connection connection, Instant cutoff) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (PreparedStatement drop = connection.prepareStatement(
                "SELECT drop_chunks('samples', older_than => CAST(? AS timestamptz))::text")) {
            drop.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
            try (ResultSet rows = drop.executeQuery()) {
                while (rows.next()) {
                    dropped.add(rows.getString(1));
                }
            }
        }
        return dropped;
    }
}
