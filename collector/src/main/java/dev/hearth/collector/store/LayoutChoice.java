package dev.hearth.collector.store;

import java.util.Objects;

/** The layout the store uses for a database, and why: what {@link PostgresMetricStore#migrate()} logs. */
public record LayoutChoice(StoreLayout layout, String reason) {
    public LayoutChoice {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(reason, "reason");
    }

    /** One line for the log, e.g. "metric store: native day partitions (timescaledb extension not available on this server)". */
    public String describe() {
        return "metric store: " + layout.description() + " (" + reason + ")";
    }
}
