package dev.hearth.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pending approvals in PostgreSQL, table {@code remediation_pending} (created by the remediation
 * migrations, see {@link PostgresAuditLog#migrate()}). Decisions are compare-and-set, so two operators
 * approving at once carry the action out once.
 */
public final class PostgresPendingActions implements PendingActions {
    private final DataSource dataSource;
    private final ObjectMapper json;

    public PostgresPendingActions(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    @Override
    public boolean propose(PendingAction p) {
        String sql = "INSERT INTO remediation_pending (id, action, created_at, expires_at) VALUES (?, ?::jsonb, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, p.id());
            ps.setString(2, json.writeValueAsString(p.action()));
            ps.setTimestamp(3, Timestamp.from(p.createdAt()));
            ps.setTimestamp(4, Timestamp.from(p.expiresAt()));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot store the pending action " + p.id() + ": " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("action " + p.id() + " cannot be written as JSON", e);
        }
    }

    @Override
    public List<PendingAction> waiting(Instant now) {
        return query("SELECT action, created_at, expires_at FROM remediation_pending WHERE decision IS NULL"
                + " AND expires_at > ? ORDER BY created_at, id", ps -> ps.setTimestamp(1, Timestamp.from(now)));
    }

    @Override
    public Optional<PendingAction> undecided(String id) {
        return query("SELECT action, created_at, expires_at FROM remediation_pending WHERE decision IS NULL AND id = ?",
                ps -> ps.setString(1, id)).stream().findFirst();
    }

    @Override
    public List<PendingAction> expired(Instant now) {
        return query("SELECT action, created_at, expires_at FROM remediation_pending WHERE decision IS NULL"
                + " AND expires_at <= ? ORDER BY created_at, id", ps -> ps.setTimestamp(1, Timestamp.from(now)));
    }

    @Override
    public boolean decide(String id, Decision decision, Instant at) {
        String sql = "UPDATE remediation_pending SET decision = ?, decided_at = ? WHERE id = ? AND decision IS NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, decision.name());
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, id);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot record the decision on " + id + ": " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<PendingAction> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            List<PendingAction> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingAction(json.readValue(rs.getString(1), PlannedAction.class),
                            rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AuditUnavailableException("cannot read the pending actions: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pending action is stored as JSON that no longer reads", e);
        }
    }
}
