package dev.hearth.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.model.ActionType;
import dev.hearth.model.Severity;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static dev.hearth.remediation.Findings.T0;
import static dev.hearth.remediation.Findings.overheat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresAuditLogIT {
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static PostgresAuditLog log;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        log = new PostgresAuditLog(ds, new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)).migrate();
    }

    @AfterAll
    static void stop() {
        ds.close();
        db.close();
    }

    @Test
    void keepsEveryFieldOfADecisionNewestFirst() {
        PlannedAction isolate = new PlannedAction(ActionType.ISOLATE, "node-2", overheat("node-2", T0), "hot GPU");
        log.append(AuditEntry.of(isolate, Outcome.EXECUTED, "hot GPU", T0.plusSeconds(30)));
        log.append(AuditEntry.of(new PlannedAction(ActionType.RESTORE, "node-2", null, "healthy"), Outcome.EXECUTED,
                "healthy", T0.plusSeconds(120)));

        List<AuditEntry> recent = log.recent(10);
        assertThat(recent).hasSize(2);
        assertThat(recent.get(0).action()).isEqualTo(ActionType.RESTORE);
        assertThat(recent.get(0).rule()).isNull();
        assertThat(recent.get(0).evidence()).isEmpty();
        AuditEntry isolation = recent.get(1);
        assertThat(isolation).isEqualTo(AuditEntry.of(isolate, Outcome.EXECUTED, "hot GPU", T0.plusSeconds(30)));
        assertThat(isolation.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(isolation.evidence().get(0).label("physical_context")).isEqualTo("GPU");
        assertThat(log.recent(1)).hasSize(1);
    }

    @Test
    void theDatabaseRefusesToRewriteHistory() throws SQLException {
        log.append(AuditEntry.of(new PlannedAction(ActionType.RESTORE, "node-1", null, "x"), Outcome.REFUSED, "x", T0));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE remediation_audit SET reason = 'edited'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM remediation_audit"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("TRUNCATE remediation_audit"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void migratingAgainKeepsTheLog() {
        log.append(AuditEntry.of(new PlannedAction(ActionType.RESTORE, "node-3", null, "y"), Outcome.EXECUTED, "y", T0));
        List<AuditEntry> before = log.recent(100);
        log.migrate();
        assertThat(log.recent(100)).isEqualTo(before).isNotEmpty();
    }
}
