package dev.hearth.remediation.tickets;

import dev.hearth.testsupport.ManualClockDouble;
import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.testsupport.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;

import static dev.hearth.remediation.tickets.Tickets.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The ticket meters on real PostgreSQL: tickets opened by fault, and the open ones counted in the table. */
class TicketMetersIT {
    private static TestDatabase db;
    private static HikariDataSource ds;
    private final ManualClockDouble clock = new ManualClockDouble(T0);

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setMaximumPoolSize(4);
        new TicketDesk(ds, Tickets.json(), Clock.fixed(T0, ZoneOffset.UTC), new SimpleMeterRegistry()).migrate();
    }

    @AfterAll
    static void stop() {
        ds.close();
        db.close();
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE repair_ticket");
        }
    }

    @Test
    void eachNewTicketCountsOnceByFaultAndTheGaugeCountsTheOpenOnes() {
        MeterRegistry registry = new SimpleMeterRegistry();
        TicketDesk desk = new TicketDesk(ds, Tickets.json(), clock, registry);
        assertThat(open(registry)).isZero();

        Ticket first = desk.open(request("node-1", "gpu-xid")).ticket();
        desk.open(request("node-1", "gpu-xid")); // the open one handed back: not a new ticket
        desk.open(request("node-2", "gpu-xid"));
        desk.open(request("node-1", "fan-failure"));

        assertThat(opened(registry, "gpu-xid")).isEqualTo(2.0);
        assertThat(opened(registry, "fan-failure")).isEqualTo(1.0);
        assertThat(open(registry)).as("this desk's openings show at once, whatever the cache").isEqualTo(3.0);

        desk.close(first.id());
        assertThat(open(registry)).isEqualTo(2.0);
        desk.close(first.id());
        assertThat(open(registry)).as("closing twice closes one").isEqualTo(2.0);
        assertThat(opened(registry, "gpu-xid")).as("closing opens nothing").isEqualTo(2.0);

        desk.open(request("node-1", "gpu-xid"));
        assertThat(opened(registry, "gpu-xid")).as("a new ticket after the first was closed").isEqualTo(3.0);
        assertThat(open(registry)).isEqualTo(3.0);
    }

    @Test
    void anotherDesksTicketShowsOnceTheCachedCountIsOlderThanItsMaximumAge() {
        MeterRegistry ours = new SimpleMeterRegistry();
        TicketDesk desk = new TicketDesk(ds, Tickets.json(), clock, ours);
        TicketDesk other = new TicketDesk(ds, Tickets.json(), clock, new SimpleMeterRegistry());
        assertThat(open(ours)).isZero();

        other.open(request("node-3", "gpu-xid"));
        assertThat(open(ours)).as("within the maximum age the count is reused").isZero();
        clock.advance(TicketDesk.OPEN_COUNT_MAX_AGE);
        assertThat(open(ours)).isEqualTo(1.0);
        assertThat(ours.find(MetricCatalogue.REMEDIATION_TICKETS.meterName()).counters())
                .as("the other desk opened it, not ours").isEmpty();
        assertThat(desk.open()).hasSize(1);
    }

    @Test
    void theOpenCountIsNotANumberWhileTheStoreCannotBeRead() throws IOException {
        PGSimpleDataSource unreachable = new PGSimpleDataSource();
        unreachable.setServerNames(new String[] {"127.0.0.1"});
        unreachable.setPortNumbers(new int[] {freePort()});
        unreachable.setConnectTimeout(2);
        MeterRegistry registry = new SimpleMeterRegistry();
        new TicketDesk(unreachable, Tickets.json(), clock, registry);

        assertThat(open(registry)).isNaN();
    }

    private static double open(MeterRegistry registry) {
        return registry.get(MetricCatalogue.REMEDIATION_TICKETS_OPEN.meterName()).gauge().value();
    }

    private static double opened(MeterRegistry registry, String fault) {
        return registry.get(MetricCatalogue.REMEDIATION_TICKETS.meterName()).tag("fault", fault).counter().count();
    }

    private static TicketRequest request(String node, String faultKind) {
        var f = Tickets.xid(node);
        return new TicketRequest(node, faultKind, f.kind(), f.severity(), f.evidence(), f.summary());
    }

    /** A port nothing listens on: bound, then released. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
