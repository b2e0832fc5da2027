package dev.hearth.remediation.tickets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.hearth.model.ActionType;
import dev.hearth.model.Finding;
import dev.hearth.model.Sample;
import dev.hearth.model.Severity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Findings, tickets and the JSON mapper these tests share. */
final class Tickets {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private Tickets() {
    }

    static ObjectMapper json() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    static Finding xid(String node) {
        Sample evidence = new Sample(T0, node, "hearth_gpu_xid_errors_total", Map.of("xid", "79"), 3.0);
        return new Finding(node, "gpu-xid", Severity.CRITICAL, "GPU fell off the bus", T0, List.of(evidence),
                ActionType.OPEN_REPAIR_TICKET, "Xid 79 three times in 10 min on GPU0");
    }

    static Ticket ticket(long id, String node, String faultKind) {
        Finding f = xid(node);
        return new Ticket(id, node, faultKind, f.kind(), f.severity(), T0, null, f.evidence(), f.summary(),
                TicketState.OPEN, new Delivery(DeliveryStatus.PENDING, 0, null, null));
    }
}
