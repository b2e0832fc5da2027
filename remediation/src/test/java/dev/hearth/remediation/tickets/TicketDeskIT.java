package dev.hearth.remediation.tickets;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.model.Severity;
import dev.hearth.testsupport.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.hearth.remediation.tickets.Tickets.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TicketDeskIT {
    private static TestDatabase db;
    private static HikariDataSource ds;
    private static TicketDesk desk;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(4);
        desk = new TicketDesk(ds, Tickets.json(), Clock.fixed(T0, ZoneOffset.UTC), new SimpleMeterRegistry())
                .migrate();
    }

    @AfterAll
    static void stop() {
        ds.close();
        db.close();
    }

    @Test
    void storesEveryFieldOfANewTicket() {
        TicketOpening opening = desk.open(request("node-1", "gpu-xid"));

        assertThat(opening.created()).isTrue();
        Ticket t = opening.ticket();
        assertThat(t.id()).isPositive();
        assertThat(t.node()).isEqualTo("node-1");
        assertThat(t.faultKind()).isEqualTo("gpu-xid");
        assertThat(t.findingKind()).isEqualTo("gpu-xid");
        assertThat(t.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(t.openedAt()).isEqualTo(T0);
        assertThat(t.closedAt()).isNull();
        assertThat(t.evidence()).isEqualTo(Tickets.xid("node-1").evidence());
        assertThat(t.summary()).isEqualTo("Xid 79 three times in 10 min on GPU0");
        assertThat(t.state()).isEqualTo(TicketState.OPEN);
        assertThat(t.delivery()).isEqualTo(new Delivery(DeliveryStatus.PENDING, 0, null, null));
        assertThat(desk.find(t.id())).contains(t);
    }

    @Test
    void aSecondRequestForTheSameNodeAndFaultReturnsTheOpenTicket() {
        Ticket first = desk.open(request("node-2", "gpu-xid")).ticket();

        TicketOpening again = desk.open(request("node-2", "gpu-xid"));
        TicketOpening otherFault = desk.open(request("node-2", "fan-failure"));
        TicketOpening otherNode = desk.open(request("node-3", "gpu-xid"));

        assertThat(again.created()).isFalse();
        assertThat(again.ticket()).isEqualTo(first);
        assertThat(otherFault.created()).isTrue();
        assertThat(otherNode.created()).isTrue();
        assertThat(desk.open()).extracting(Ticket::id).contains(first.id(), otherFault.ticket().id(),
                otherNode.ticket().id()).doesNotHaveDuplicates();
    }

    @Test
    void concurrentRequestsForTheSameFaultEndWithOneTicket() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<TicketOpening>> openings = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                openings.add(pool.submit(() -> desk.open(request("node-7", "gpu-xid"))));
            }
            List<TicketOpening> results = new ArrayList<>();
            for (Future<TicketOpening> f : openings) {
                results.add(f.get());
            }

            assertThat(results).filteredOn(TicketOpening::created).hasSize(1);
            assertThat(results).extracting(o -> o.ticket().id()).containsOnly(results.get(0).ticket().id());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void afterClosingANewRequestOpensANewTicket() {
        Ticket first = desk.open(request("node-4", "gpu-xid")).ticket();

        Ticket closed = desk.close(first.id());
        TicketOpening reopened = desk.open(request("node-4", "gpu-xid"));

        assertThat(closed.state()).isEqualTo(TicketState.CLOSED);
        assertThat(closed.closedAt()).isEqualTo(T0);
        assertThat(reopened.created()).isTrue();
        assertThat(reopened.ticket().id()).isNotEqualTo(first.id());
        assertThat(desk.openFor("node-4", "gpu-xid")).contains(reopened.ticket());
        assertThat(desk.close(first.id())).as("closing twice changes nothing").isEqualTo(closed);
    }

    @Test
    void deliveryRoundsAddUpAndTheLatestOutcomeWins() {
        Ticket t = desk.open(request("node-5", "gpu-xid")).ticket();

        Ticket failed = desk.recordDelivery(t.id(), DeliveryReport.failed(3, "HTTP 503"));
        assertThat(failed.delivery()).isEqualTo(new Delivery(DeliveryStatus.FAILED, 3, "HTTP 503", null));
        assertThat(desk.undelivered()).extracting(Ticket::id).contains(t.id());

        Ticket delivered = desk.recordDelivery(t.id(), DeliveryReport.delivered(1));
        assertThat(delivered.delivery()).isEqualTo(new Delivery(DeliveryStatus.DELIVERED, 4, null, T0));
        assertThat(desk.undelivered()).extracting(Ticket::id).doesNotContain(t.id());
    }

    @Test
    void unknownTicketsAreNamedInTheError() {
        assertThat(desk.find(999_999)).isEmpty();
        assertThatThrownBy(() -> desk.close(999_999)).hasMessageContaining("there is no ticket #999999");
        assertThatThrownBy(() -> desk.recordDelivery(999_999, DeliveryReport.delivered(1)))
                .hasMessageContaining("there is no ticket #999999");
    }

    @Test
    void theDatabaseItselfRefusesASecondOpenTicket() throws Exception {
        desk.open(request("node-6", "gpu-xid"));
        try (var c = db.connect(); var s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO repair_ticket (node, fault_kind, severity, opened_at,"
                    + " summary) VALUES ('node-6', 'gpu-xid', 'WARNING', now(), 'duplicate')"))
                    .hasMessageContaining("repair_ticket_one_open");
        }
    }

    private static TicketRequest request(String node, String faultKind) {
        var f = Tickets.xid(node);
        return new TicketRequest(node, faultKind, f.kind(), f.severity(), f.evidence(), f.summary());
    }
}
