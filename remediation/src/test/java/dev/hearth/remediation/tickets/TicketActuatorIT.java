package dev.hearth.remediation.tickets;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.model.ActionType;
import dev.hearth.model.Severity;
import dev.hearth.remediation.ActuationException;
import dev.hearth.remediation.PlannedAction;
import dev.hearth.remediation.tickets.LoopbackWebhook.Answer;
import dev.hearth.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import static dev.hearth.remediation.tickets.Tickets.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tickets stored in a real PostgreSQL and delivered to a real HTTP server on loopback. */
class TicketActuatorIT {
    private static final RetryPolicy TWO_QUICK = new RetryPolicy(2, Duration.ofSeconds(5), Duration.ofMillis(100),
            Duration.ofMillis(100));
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static TicketDesk desk;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(2);
        desk = new TicketDesk(ds, Tickets.json(), Clock.fixed(T0, ZoneOffset.UTC), new SimpleMeterRegistry())
                .migrate();
    }

    @AfterAll
    static void stop() {
        ds.close();
        db.close();
    }

    @Test
    void aRepairActionOpensADeliveredTicketOnceHoweverOftenItIsAsked() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook()) {
            TicketActuator actuator = actuator(hook);

            actuator.execute(repair("node-1"));
            actuator.execute(repair("node-1"));

            Ticket t = desk.openFor("node-1", "gpu-xid").orElseThrow();
            assertThat(t.delivery().status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(t.delivery().attempts()).isEqualTo(1);
            assertThat(hook.bodies()).hasSize(1);
            assertThat(hook.bodies().get(0)).contains("\"id\":" + t.id()).contains("\"work\":\"repair\"");
        }
    }

    @Test
    void aReplacementIsItsOwnTicketKeyedOnReplacement() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook()) {
            TicketActuator actuator = actuator(hook);

            actuator.execute(repair("node-2"));
            actuator.execute(new PlannedAction(ActionType.OPEN_REPLACEMENT_TICKET, "node-2", Tickets.xid("node-2"),
                    "third Xid 79 this month"));

            Ticket replacement = desk.openFor("node-2", Ticket.REPLACEMENT).orElseThrow();
            assertThat(replacement.findingKind()).isEqualTo("gpu-xid");
            assertThat(replacement.isReplacement()).isTrue();
            assertThat(desk.openFor("node-2", "gpu-xid")).isPresent();
            assertThat(hook.bodies()).hasSize(2);
            assertThat(hook.bodies().get(1)).contains("\"work\":\"replacement\"");
        }
    }

    @Test
    void aFailingWebhookKeepsTheTicketAndTheNextRequestDeliversIt() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook().answering(Answer.UNAVAILABLE, Answer.UNAVAILABLE)) {
            TicketActuator actuator = actuator(hook);

            assertThatThrownBy(() -> actuator.execute(repair("node-3")))
                    .isInstanceOf(ActuationException.class)
                    .hasMessageContaining("for node node-3 is stored, but the webhook did not take it after 2 attempt(s)")
                    .hasMessageContaining("HTTP 503");
            Ticket stored = desk.openFor("node-3", "gpu-xid").orElseThrow();
            assertThat(stored.delivery()).isEqualTo(new Delivery(DeliveryStatus.FAILED, 2,
                    "HTTP 503 from " + hook.url() + ": ticket system is restarting", null));

            actuator.execute(repair("node-3"));

            Ticket delivered = desk.find(stored.id()).orElseThrow();
            assertThat(delivered.delivery()).isEqualTo(new Delivery(DeliveryStatus.DELIVERED, 3, null, T0));
            assertThat(hook.bodies()).hasSize(3);
        }
    }

    @Test
    void undeliveredTicketsAreRetriedByTheSweep() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook().answering(Answer.UNAVAILABLE, Answer.UNAVAILABLE)) {
            TicketActuator actuator = actuator(hook);
            assertThatThrownBy(() -> actuator.execute(repair("node-4"))).isInstanceOf(ActuationException.class);

            int delivered = actuator.retryUndelivered();

            assertThat(delivered).isEqualTo(1);
            assertThat(desk.openFor("node-4", "gpu-xid").orElseThrow().delivery().status())
                    .isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(desk.undelivered()).isEmpty();
        }
    }

    @Test
    void anOperatorsRequestWithoutAFindingStillOpensATicket() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook()) {
            actuator(hook).execute(new PlannedAction(ActionType.OPEN_REPAIR_TICKET, "node-5", null,
                    "fan rattles, reported by the household"));

            Ticket t = desk.openFor("node-5", "unspecified").orElseThrow();
            assertThat(t.severity()).isEqualTo(Severity.WARNING);
            assertThat(t.summary()).isEqualTo("fan rattles, reported by the household");
            assertThat(t.evidence()).isEmpty();
        }
    }

    @Test
    void otherActionTypesAreAWiringMistake() throws Exception {
        try (LoopbackWebhook hook = new LoopbackWebhook()) {
            assertThatThrownBy(() -> actuator(hook).execute(new PlannedAction(ActionType.ISOLATE, "node-6", null, "x")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not ISOLATE");
        }
    }

    private static TicketActuator actuator(LoopbackWebhook hook) {
        return new TicketActuator(desk, new WebhookNotifier(hook.url(), TWO_QUICK, Tickets.json(),
                new RecordingPauseDouble()));
    }

    private static PlannedAction repair(String node) {
        return new PlannedAction(ActionType.OPEN_REPAIR_TICKET, node, Tickets.xid(node), "GPU fell off the bus");
    }
}
