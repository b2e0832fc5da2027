package dev.hearth.remediation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.model.ActionType;
import dev.hearth.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.hearth.remediation.Findings.T0;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresPendingActionsIT {
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static PostgresPendingActions pending;
    private static PostgresAuditLog log;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        log = new PostgresAuditLog(ds, json).migrate();
        pending = new PostgresPendingActions(ds, json);
    }

    @AfterAll
    static void stop() {
        ds.close();
        db.close();
    }

    private static PendingAction ticket(String node, int second) {
        PlannedAction a = new PlannedAction(ActionIds.hash("t", node), ActionType.OPEN_REPAIR_TICKET, node,
                Findings.xid79(node, T0), "Xid 79", Map.of("kind", "xid-79"));
        return new PendingAction(a, T0.plusSeconds(second), T0.plusSeconds(second).plus(Duration.ofMinutes(5)));
    }

    @Test
    void anActionIsProposedOnceKeptWholeAndDecidedOnce() {
        PendingAction p = ticket("node-1", 0);
        assertThat(pending.propose(p)).isTrue();
        assertThat(pending.propose(ticket("node-1", 10))).isFalse();
        assertThat(pending.undecided(p.id())).contains(p);
        assertThat(pending.waiting(T0.plusSeconds(1))).containsExactly(p);
        assertThat(pending.decide(p.id(), Decision.APPROVED, T0.plusSeconds(2))).isTrue();
        assertThat(pending.decide(p.id(), Decision.REJECTED, T0.plusSeconds(3))).isFalse();
        assertThat(pending.undecided(p.id())).isEmpty();
        assertThat(pending.propose(p)).isFalse();
    }

    @Test
    void expiredActionsLeaveTheWaitingList() {
        PendingAction p = ticket("node-2", 100);
        pending.propose(p);
        assertThat(pending.waiting(p.expiresAt().minusSeconds(1))).contains(p);
        assertThat(pending.waiting(p.expiresAt())).doesNotContain(p);
        assertThat(pending.expired(p.expiresAt())).contains(p);
        assertThat(pending.undecided(p.id())).contains(p);
    }

    @Test
    void theAuditKeepsIdVerdictPlanAndDuration() {
        PendingAction p = ticket("node-3", 0);
        AuditEntry e = AuditEntry.of(p.action(), Outcome.EXECUTED, "ticket opened", "within-limits",
                "isolate node-3, open_repair_ticket node-3", 42L, T0);
        log.append(e);
        assertThat(log.recent(1)).containsExactly(e);
    }
}
