package dev.hearth.collector.store;

/**
 * How the metric store keeps its samples. Both layouts have the same {@code series}, {@code samples} and
 * {@code ingested_batches} tables and columns, so readers do not need to know which one a database has;
 * they differ in how {@code samples} is split up, kept and rolled up.
 */
public enum StoreLayout {
    /**
     * A TimescaleDB hypertable of 1-day chunks, compressed after two days, with a retention policy and
     * the continuous aggregates {@code samples_1m} and {@code samples_1h}. Chosen when the
     * {@code timescaledb} extension exists on the server and can be created in the database.
     */
    TIMESCALE("TimescaleDB hypertable with compression, retention policy and 1m/1h continuous aggregates",
            "classpath:db/migration/collector/timescale"),
    /** PostgreSQL's own range partitioning, one partition per UTC day; retention drops whole days. */
    DAY_PARTITIONS("native day partitions", "classpath:db/migration/collector/native");

    /** V1, from before there were layouts: every database runs it first. */
    static final String COMMON_MIGRATIONS = "classpath:db/migration/collector/common";

    private final String description;
    private final String migrations;

    StoreLayout(String description, String migrations) {
        this.description = description;
        this.migrations = migrations;
    }

    /** A few words for logs and messages, e.g. "native day partitions". */
    public String description() {
        return description;
    }

    /** The Flyway location of this layout's migrations (V2 on), after {@link #COMMON_MIGRATIONS}. */
    String migrations() {
        return migrations;
    }
}
