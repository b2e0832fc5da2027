package dev.hearth.controlplane.bench;

import dev.hearth.collector.SampleBatch;
import dev.hearth.collector.store.LayoutChoice;
import dev.hearth.collector.store.PostgresMetricStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Ingest throughput of the metric store: batches of synthetic scrapes appended by one or more writer
 * threads through {@link PostgresMetricStore#append} (binary COPY, the schema's indexes in place) into a
 * freshly migrated database. A warm-up run creates the series and warms the JIT and the server's
 * caches; each timed run then appends the same number of samples at later times. Batches are built
 * before each run's clock starts, so the figure is the store's, not the generator's.
 */
public final class IngestBench {
    /**
     * @param samples       samples per run
     * @param nodes         nodes of the made-up fleet
     * @param seriesPerNode series each node has
     * @param batchSize     samples per {@link SampleBatch}
     * @param runs          timed runs after the warm-up
     * @param writers       threads appending batches at the same time, each on its own connection
     */
    public record Settings(long samples, int nodes, int seriesPerNode, int batchSize, int runs, int writers) {
        public Settings {
            if (samples < 1 || nodes < 1 || seriesPerNode < 1 || batchSize < 1 || runs < 1 || writers < 1) {
                throw new IllegalArgumentException("ingest bench settings must all be at least 1: " + samples
                        + " samples, " + nodes + " nodes, " + seriesPerNode + " series per node, batches of "
                        + batchSize + ", " + runs + " runs, " + writers + " writers");
            }
        }
    }

    private final DataSource dataSource;
    private final Clock clock;

    public IngestBench(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Migrates the (empty) database, runs the warm-up and the timed runs; {@code progress} gets a line per run. */
    public IngestReport run(Settings settings, Consumer<String> progress) {
        PostgresMetricStore store = new PostgresMetricStore(dataSource, PostgresMetricStore.DEFAULT_RETENTION, clock);
        LayoutChoice layout = store.migrate();
        SyntheticScrapes scrapes = new SyntheticScrapes(settings.nodes(), settings.seriesPerNode(), 1);
        Instant start = clock.instant().truncatedTo(ChronoUnit.SECONDS);

        double warmUp = timed(store, scrapes.batches(start, settings.samples(), settings.batchSize()), settings.writers());
        progress.accept(String.format("ingest warm-up: %.0f samples/s (creates the %d series)", warmUp, scrapes.series()));
        List<Double> runs = new ArrayList<>();
        for (int r = 1; r <= settings.runs(); r++) {
            start = scrapes.after(start, settings.samples());
            List<SampleBatch> batches = scrapes.batches(start, settings.samples(), settings.batchSize());
            double rate = timed(store, batches, settings.writers());
            runs.add(rate);
            progress.accept(String.format("ingest run %d: %.0f samples/s", r, rate));
        }
        return new IngestReport(layout, serverVersion(), settings.samples(), scrapes.series(), settings.batchSize(),
                warmUp, runs, store.count());
    }

    /** Appends every batch, {@code writers} at a time; returns samples per second from first to last. */
    private static double timed(PostgresMetricStore store, List<SampleBatch> batches, int writers) {
        Queue<SampleBatch> queue = new ConcurrentLinkedQueue<>(batches);
        long samples = batches.stream().mapToLong(SampleBatch::size).sum();
        ExecutorService pool = Executors.newFixedThreadPool(writers, r -> {
            Thread t = new Thread(r, "bench-ingest-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            long begin = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                running.add(pool.submit(() -> {
                    for (SampleBatch batch = queue.poll(); batch != null; batch = queue.poll()) {
                        store.append(batch);
                    }
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            long nanos = Math.max(1, System.nanoTime() - begin);
            return samples * 1e9 / nanos;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the ingest bench was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private String serverVersion() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SHOW server_version")) {
            r.next();
            return "PostgreSQL " + r.getString(1);
        } catch (SQLException e) {
            return "PostgreSQL (version unknown: " + e.getMessage() + ")";
        }
    }
}
