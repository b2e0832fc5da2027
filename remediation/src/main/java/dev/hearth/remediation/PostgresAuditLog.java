package dev.hearth.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.ActionType;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log in PostgreSQL: table {@code remediation_audit}, which a trigger keeps append-only
 * (updates, deletes and truncation are refused by the database itself).
 */
public final class PostgresAuditLog implements AuditLog {
    private static final TypeReference<List<Sample>> SAMPLES = new TypeReference<>() { };
    private final DataSource dataSource;
    private final ObjectMapper json;

    /** @param json a mapper that handles {@code java.time} (evidence carries instants) */
    public PostgresAuditLog(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Creates or upgrades the table; remediation keeps its own migration history. */
    public PostgresAuditLog migrate() {
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/remediation")
                .table("flyway_history_remediation")
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
        return this;
    }

    @Override
    public void append(AuditEntry e) {
        String sql = "INSERT INTO remediation_audit (at, node, action, outcome, reason, rule, finding_kind, severity,"
                + " finding_since, evidence, action_id, verdict, plan, duration_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(e.at()));
            ps.setString(2, e.node());
            ps.setString(3, e.action().name());
            ps.setString(4, e.outcome().name());
            ps.setString(5, e.reason());
            ps.setString(6, e.rule());
            ps.setString(7, e.findingKind());
            ps.setString(8, e.severity() == null ? null : e.severity().name());
            if (e.findingSince() == null) {
                ps.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
            } else {
                ps.setTimestamp(9, Timestamp.from(e.findingSince()));
            }
            ps.setString(10, json.writeValueAsString(e.evidence()));
            ps.setString(11, e.actionId());
            ps.setString(12, e.verdict());
            ps.setString(13, e.plan());
            if (e.durationMs() == null) {
                ps.setNull(14, Types.BIGINT);
            } else {
                ps.setLong(14, e.durationMs());
            }
            ps.executeUpdate();
        } catch (SQLException ex) {
            throw new AuditUnavailableException("cannot write the audit log: " + ex.getMessage(), ex);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("evidence of " + e.node() + " cannot be written as JSON", ex);
        }
    }

    @Override
    public List<AuditEntry> recent(int limit) {
        String sql = "SELECT at, node, action, outcome, reason, rule, finding_kind, severity, finding_since, evidence,"
                + " action_id, verdict, plan, duration_ms FROM remediation_audit ORDER BY id DESC LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long duration = rs.getLong(14);
                    Long durationMs = rs.wasNull() ? null : duration;
                    out.add(new AuditEntry(rs.getTimestamp(1).toInstant(), rs.getString(11), rs.getString(2),
                            ActionType.valueOf(rs.getString(3)), Outcome.valueOf(rs.getString(4)), rs.getString(5),
                            rs.getString(12), rs.getString(13), durationMs, rs.getString(6), rs.getString(7),
                            rs.getString(8) == null ? null : Severity.valueOf(rs.getString(8)),
                            instant(rs.getTimestamp(9)), json.readValue(rs.getString(10), SAMPLES)));
                }
            }
            return out;
        } catch (SQLException ex) {
            throw new AuditUnavailableException("cannot read the audit log: " + ex.getMessage(), ex);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("an audit row holds evidence that is not valid JSON", ex);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
