package dev.hearth.rules;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The firing log in PostgreSQL: table {@code rule_firings}, one row per firing. */
public final class PostgresFiringLog implements FiringLog {
    private final DataSource dataSource;

    public PostgresFiringLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates or upgrades the table; the rules engine keeps its own migration history. */
    public PostgresFiringLog migrate() {
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/rules")
                .table("flyway_history_rules")
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
        return this;
    }

    @Override
    public void append(Evaluation evaluation) {
        if (evaluation.firings().isEmpty()) {
            return;
        }
        String sql = "INSERT INTO rule_firings (at, rule, pack, shadow, outcome, node, finding_kind, matched)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Firing f : evaluation.firings()) {
                    ps.setTimestamp(1, Timestamp.from(f.at()));
                    ps.setString(2, f.rule());
                    ps.setString(3, f.pack());
                    ps.setBoolean(4, f.shadow());
                    ps.setString(5, f.outcome().name());
                    ps.setString(6, f.node());
                    ps.setString(7, f.findingKind());
                    ps.setArray(8, c.createArrayOf("text", f.matched().toArray()));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the rule firings of the evaluation at " + evaluation.at()
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<Firing> recent(int limit, Optional<String> rule) {
        String sql = "SELECT at, rule, pack, matched, shadow, outcome, node, finding_kind FROM rule_firings"
                + (rule.isPresent() ? " WHERE rule = ?" : "") + " ORDER BY at DESC, id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (rule.isPresent()) {
                ps.setString(i++, rule.get());
            }
            ps.setInt(i, limit);
            List<Firing> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array matched = rs.getArray(4);
                    out.add(new Firing(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                            Arrays.asList((String[]) matched.getArray()), rs.getBoolean(5),
                            FiringOutcome.valueOf(rs.getString(6)), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rule firings: " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteBefore(Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM rule_firings WHERE at < ?")) {
            ps.setTimestamp(1, Timestamp.from(before));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete old rule firings: " + e.getMessage(), e);
        }
    }
}
