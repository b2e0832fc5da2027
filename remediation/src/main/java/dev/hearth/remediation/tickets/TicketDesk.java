package dev.hearth.remediation.tickets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Work orders in PostgreSQL (table {@code repair_ticket}). At most one ticket per node and fault kind is open:
 * a partial unique index enforces it, so concurrent requests from several control loops still end up with one.
 * Counts the tickets it opens ({@code hearth_remediation_tickets_total{fault}}) and reports the tickets not yet
 * closed ({@code hearth_remediation_tickets_open}), read from the table.
 */
public final class TicketDesk {
    private static final TypeReference<List<Sample>> SAMPLES = new TypeReference<>() { };
    private static final String COLUMNS = "id, node, fault_kind, finding_kind, severity, opened_at, closed_at, evidence,"
            + " summary, state, delivery_status, delivery_attempts, delivery_error, delivered_at";
    /** An open ticket can be closed between the refused insert and the read that follows; then try again. */
    private static final int OPEN_ATTEMPTS = 3;
    /** Scrapes within this long of a count reuse it: tickets open and close over hours, not seconds. */
    static final Duration OPEN_COUNT_MAX_AGE = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;
    private final TicketMeters meters;

    /**
     * @param json     a mapper that handles {@code java.time} (evidence carries instants)
     * @param registry where the ticket meters go
     */
    public TicketDesk(DataSource dataSource, ObjectMapper json, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.meters = new TicketMeters(registry, this::countOpen, clock, OPEN_COUNT_MAX_AGE);
    }

    /** Creates or upgrades the table, in the remediation module's migration history. */
    public TicketDesk migrate() {
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration/remediation")
                .table("flyway_history_remediation")
                .baselineOnMigrate(true).baselineVersion("0")
                .load().migrate();
        return this;
    }

    /** A new open ticket, or the one already open for the request's node and fault kind. */
    public TicketOpening open(TicketRequest request) {
        String insert = "INSERT INTO repair_ticket (node, fault_kind, finding_kind, severity, opened_at, evidence, summary)"
                + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)"
                + " ON CONFLICT (node, fault_kind) WHERE state = 'open' DO NOTHING RETURNING " + COLUMNS;
        String evidence = write(request.evidence(), request.node());
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, request.node());
                    ps.setString(2, request.faultKind());
                    ps.setString(3, request.findingKind());
                    ps.setString(4, request.severity().name());
                    ps.setTimestamp(5, Timestamp.from(clock.instant()));
                    ps.setString(6, evidence);
                    ps.setString(7, request.summary());
                    List<Ticket> inserted = read(ps);
                    if (!inserted.isEmpty()) {
                        meters.opened(request.faultKind());
                        return new TicketOpening(inserted.get(0), true);
                    }
                }
                Optional<Ticket> existing = openFor(c, request.node(), request.faultKind());
                if (existing.isPresent()) {
                    return new TicketOpening(existing.get(), false);
                }
            }
            throw new TicketStoreException("the open ticket for node " + request.node() + " and fault kind "
                    + request.faultKind() + " kept changing while a new one was requested; try again", null);
        } catch (SQLException e) {
            throw unavailable("open a ticket for node " + request.node(), e);
        }
    }

    public Optional<Ticket> find(long id) {
        return query("SELECT " + COLUMNS + " FROM repair_ticket WHERE id = ?", "read ticket #" + id, ps -> ps.setLong(1, id))
                .stream().findFirst();
    }

    /** The open ticket for this node and fault kind, if any. */
    public Optional<Ticket> openFor(String node, String faultKind) {
        try (Connection c = dataSource.getConnection()) {
            return openFor(c, node, faultKind);
        } catch (SQLException e) {
            throw unavailable("read the open ticket of node " + node, e);
        }
    }

    /** Every open ticket, oldest first. */
    public List<Ticket> open() {
        return query("SELECT " + COLUMNS + " FROM repair_ticket WHERE state = 'open' ORDER BY id", "list open tickets",
                ps -> { });
    }

    /** Tickets whose delivery has not succeeded yet, oldest first. */
    public List<Ticket> undelivered() {
        return query("SELECT " + COLUMNS + " FROM repair_ticket WHERE delivery_status IN ('pending', 'failed')"
                + " ORDER BY id", "list undelivered tickets", ps -> { });
    }

    /** Closes the ticket (the work is done); a later request for the same fault opens a new one. */
    public Ticket close(long id) {
        List<Ticket> closed = query("UPDATE repair_ticket SET state = 'closed', closed_at = ? WHERE id = ?"
                + " AND state = 'open' RETURNING " + COLUMNS, "close ticket #" + id, ps -> {
                    ps.setTimestamp(1, Timestamp.from(clock.instant()));
                    ps.setLong(2, id);
                });
        if (!closed.isEmpty()) {
            meters.changed();
            return closed.get(0);
        }
        return find(id).orElseThrow(() -> new IllegalArgumentException("there is no ticket #" + id
                + "; list the open ones to find its number"));
    }

    /** Adds a delivery round's outcome: its attempts count on top of earlier rounds'. */
    public Ticket recordDelivery(long id, DeliveryReport report) {
        List<Ticket> updated = query("UPDATE repair_ticket SET delivery_status = ?,"
                + " delivery_attempts = delivery_attempts + ?, delivery_error = ?, delivered_at = ?"
                + " WHERE id = ? RETURNING " + COLUMNS, "record the delivery of ticket #" + id, ps -> {
                    ps.setString(1, lower(report.delivered() ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED));
                    ps.setInt(2, report.attempts());
                    ps.setString(3, report.error());
                    ps.setTimestamp(4, report.delivered() ? Timestamp.from(clock.instant()) : null);
                    ps.setLong(5, id);
                });
        if (updated.isEmpty()) {
            throw new IllegalArgumentException("there is no ticket #" + id + " to record a delivery for");
        }
        return updated.get(0);
    }

    /** Tickets not closed, for the gauge. */
    private long countOpen() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM repair_ticket WHERE state = 'open'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw unavailable("count the open tickets", e);
        }
    }

    private Optional<Ticket> openFor(Connection c, String node, String faultKind) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM repair_ticket WHERE node = ? AND fault_kind = ? AND state = 'open'")) {
            ps.setString(1, node);
            ps.setString(2, faultKind);
            return read(ps).stream().findFirst();
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<Ticket> query(String sql, String what, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return read(ps);
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    private List<Ticket> read(PreparedStatement ps) throws SQLException {
        List<Ticket> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Ticket(rs.getLong("id"), rs.getString("node"), rs.getString("fault_kind"),
                        rs.getString("finding_kind"), Severity.valueOf(rs.getString("severity")),
                        instant(rs.getTimestamp("opened_at")), instant(rs.getTimestamp("closed_at")),
                        evidence(rs.getString("evidence"), rs.getLong("id")), rs.getString("summary"),
                        TicketState.valueOf(upper(rs.getString("state"))),
                        new Delivery(DeliveryStatus.valueOf(upper(rs.getString("delivery_status"))),
                                rs.getInt("delivery_attempts"), rs.getString("delivery_error"),
                                instant(rs.getTimestamp("delivered_at")))));
            }
        }
        return out;
    }

    private String write(List<Sample> evidence, String node) {
        try {
            return json.writeValueAsString(evidence);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the evidence for node " + node + " cannot be written as JSON;"
                    + " give the desk a mapper with the java.time module", e);
        }
    }

    private List<Sample> evidence(String text, long id) {
        try {
            return json.readValue(text, SAMPLES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ticket #" + id + " holds evidence that is not a list of samples", e);
        }
    }

    private static TicketStoreException unavailable(String what, SQLException e) {
        return new TicketStoreException("cannot " + what + ": " + e.getMessage(), e);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }
}
