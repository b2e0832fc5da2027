package dev.hearth.collector;

import dev.hearth.collector.buffer.BatchBuffer;
import dev.hearth.collector.buffer.BufferConfig;
import dev.hearth.collector.buffer.BufferDepth;
import dev.hearth.testsupport.ManualClockDouble;
import dev.hearth.collector.store.EmbeddedPostgresServer;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.model.Topology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuous collection into a real embedded PostgreSQL that is killed (kill -9) in the middle of it
 * and started again on the same data directory and port: the buffer and the spill directory carry the
 * samples over, and the store ends up with every sample produced exactly once.
 */
class CollectorRestartIT {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final int SENSORS = 5;
    /** Per collection: two sources, each its sensors plus hearth_scrape_up and hearth_scrape_duration_seconds. */
    private static final int SAMPLES_PER_COLLECTION = 2 * (SENSORS + 2);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    @Test
    void everySampleIsStoredExactlyOnceAcrossAKillAndRestartOfPostgres() throws Exception {
        Path pgdata = temp.resolve("pgdata");
        int port = freePort();
        EmbeddedPostgresServer first = EmbeddedPostgresServer.start(pgdata, port);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(first.jdbcUrl());
        dataSource.setConnectTimeout(2); // a refused connection fails at once; this bounds a hanging one
        PostgresMetricStore store = new PostgresMetricStore(dataSource);
        store.migrate();

        ManualClockDouble clock = new ManualClockDouble(T0);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BatchBuffer buffer = new BatchBuffer(store, BufferConfig.withSpill(3 * SAMPLES_PER_COLLECTION,
                temp.resolve("spill")).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(20)), registry, clock);
        Topology topology = new Topology("household-1", "building-1", "spine-1");
        Collector collector = new Collector(
                List.of(new CountingSourceDouble("node-1", SENSORS), new CountingSourceDouble("node-2", SENSORS)),
                new TopologyLabels(Map.of("node-1", topology, "node-2", topology)), buffer, registry, pool);

        AtomicInteger collections = new AtomicInteger();
        AtomicInteger failedSources = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> ingestFailure = new AtomicReference<>();
        Thread ingest = new Thread(() -> {
            try {
                while (running.get()) {
                    CollectionResult result = collector.collectOnce(clock.advance(INTERVAL));
                    failedSources.addAndGet(result.sourcesFailed());
                    collections.incrementAndGet();
                    Thread.sleep(5); // pacing only, so the outage spans a few hundred collections, not thousands
                }
            } catch (Throwable t) {
                ingestFailure.set(t);
            }
        }, "ingest");
        ingest.start();

        awaitTrue("30 collections stored", () -> collections.get() >= 30);
        long postmaster = Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle process = ProcessHandle.of(postmaster).orElseThrow();
        List<ProcessHandle> children = process.descendants().toList();
        int atKill = collections.get();
        process.destroyForcibly(); // kill -9 while the collector keeps writing
        process.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            child.onExit().get(10, TimeUnit.SECONDS);
        }
        first.close(); // lets go of the data directory; stopping the dead server only logs an error

        awaitTrue("batches spilled while PostgreSQL is down", () -> buffer.depth().spilledBatches() >= 20);
        int maxSpilled = buffer.depth().spilledBatches();
        long maxSpilledBytes = buffer.depth().spilledBytes();
        int atRestart = collections.get();
        EmbeddedPostgresServer second = EmbeddedPostgresServer.start(pgdata, port);
        servers.add(second);
        assertThat(second.jdbcUrl()).isEqualTo(first.jdbcUrl());

        awaitTrue("the spill directory drained", () -> buffer.depth().spilledBatches() == 0
                && collections.get() >= atRestart + 30);
        running.set(false);
        ingest.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(ingestFailure.get()).isNull();
        clock.advance(Duration.ofMinutes(1)); // past any backoff
        buffer.flush();
        buffer.close();

        int produced = collections.get() * SAMPLES_PER_COLLECTION;
        System.out.printf("collections %d (kill after %d, restart after %d), samples %d, spilled at most %d batches"
                        + " (%d bytes)%n", collections.get(), atKill, atRestart, produced, maxSpilled, maxSpilledBytes);
        assertThat(buffer.depth()).isEqualTo(BufferDepth.EMPTY);
        assertThat(failedSources.get()).isZero();
        assertThat(collector.samplesDropped()).isZero();
        assertThat(store.count()).isEqualTo(produced);
        assertThat(query(dataSource, "SELECT count(*) FROM (SELECT series_id, time FROM samples"
                + " GROUP BY series_id, time HAVING count(*) > 1) duplicates")).isZero();
        // every reading series holds each collection's value once: 1, 2, ... collections
        assertThat(query(dataSource, "SELECT count(DISTINCT s.series_id) FROM samples s JOIN series r"
                + " ON r.id = s.series_id WHERE r.metric = '" + CountingSourceDouble.METRIC + "'")).isEqualTo(2 * SENSORS);
        assertThat(query(dataSource, "SELECT count(*) FROM (SELECT s.series_id FROM samples s JOIN series r"
                + " ON r.id = s.series_id WHERE r.metric = '" + CountingSourceDouble.METRIC + "' GROUP BY s.series_id"
                + " HAVING count(*) = " + collections.get() + " AND min(s.value) = 1 AND max(s.value) = "
                + collections.get() + " AND count(DISTINCT s.value) = " + collections.get() + ") complete"))
                .isEqualTo(2 * SENSORS);
        assertThat(registry.get(MetricCatalogue.COLLECTOR_SAMPLES_STORED.meterName()).counter().count())
                .isEqualTo(produced); // acknowledged once each, even a batch whose first answer the kill lost
    }

    private static long query(PGSimpleDataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
