package dev.hearth.remediation.tickets;

import dev.hearth.model.MetricCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The ticket desk's meters: tickets opened, by fault kind, and tickets not yet closed.
 *
 * <p>The open count is read from the store, not kept in memory, because several control loops may
 * share one database and each opens and closes tickets of its own. A scrape reuses a count younger
 * than {@code maxAge}, so scrapes cost at most one query per {@code maxAge}; this desk's own openings
 * and closings drop the cached count, so they show at the next scrape. When the store cannot be
 * read the gauge reads NaN: a count nobody could take is unknown, not the last one taken.
 */
final class TicketMeters {
    private final MeterRegistry registry;
    private final LongSupplier countOpen;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Counter> opened = new ConcurrentHashMap<>();
    private Instant countedAt;
    private double openCount;

    /**
     * @param countOpen the tickets not closed, read from the store; throws {@link TicketStoreException}
     *                  when the store cannot be read
     */
    TicketMeters(MeterRegistry registry, LongSupplier countOpen, Clock clock, Duration maxAge) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.countOpen = Objects.requireNonNull(countOpen, "countOpen");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("the open-ticket count's maximum age " + maxAge
                    + " is negative; pass zero to read the store at every scrape, or e.g. 10 s");
        }
        this.maxAge = maxAge;
        // strong: nothing else holds this, and a gauge over a collected object would read NaN
        Gauge.builder(MetricCatalogue.REMEDIATION_TICKETS_OPEN.meterName(), this, TicketMeters::open)
                .description(MetricCatalogue.REMEDIATION_TICKETS_OPEN.help()).strongReference(true).register(registry);
    }

    /** A new ticket for {@code faultKind} was stored (not one already open handed back again). */
    void opened(String faultKind) {
        opened.computeIfAbsent(faultKind, fault -> Counter.builder(MetricCatalogue.REMEDIATION_TICKETS.meterName())
                .description(MetricCatalogue.REMEDIATION_TICKETS.help()).tag("fault", fault).register(registry))
                .increment();
        changed();
    }

    /** A ticket was opened or closed here: the next scrape reads the store again. */
    synchronized void changed() {
        countedAt = null;
    }

    /** Tickets not closed, at most {@code maxAge} old; NaN when the store cannot be read. */
    synchronized double open() {
        Instant now = clock.instant();
        if (countedAt != null && Duration.between(countedAt, now).compareTo(maxAge) < 0 && !now.isBefore(countedAt)) {
            return openCount;
        }
        try {
            openCount = countOpen.getAsLong();
            countedAt = now;
        } catch (TicketStoreException e) {
            openCount = Double.NaN;
            countedAt = null;
        }
        return openCount;
    }
}
