package dev.hearth.controlplane.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.DatabaseUnreachableException;
import dev.hearth.collector.store.EmbeddedPostgresServer;
import dev.hearth.collector.store.EmbeddedStoreException;
import dev.hearth.controlplane.bench.IngestBench;
import dev.hearth.controlplane.bench.IngestReport;
import dev.hearth.controlplane.bench.ParseBench;
import dev.hearth.controlplane.bench.ParseFigure;
import dev.hearth.controlplane.bench.ThrowawayDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Measure the metric store's ingest rate (samples/s through binary COPY into a throw-away",
                "database, median of timed runs after a warm-up) and each source parser's single-thread",
                "throughput (MB/s and samples/s)."})
public final class BenchIngestCommand implements Callable<Integer> {
    private static final String DEFAULT_SERVER = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    @Option(names = "--url", defaultValue = DEFAULT_SERVER, paramLabel = "JDBC_URL",
            description = {"PostgreSQL server to measure; a database hearth_bench_<random> is created on it and",
                    "dropped afterwards (default ${DEFAULT-VALUE})."})
    String url;

    @Option(names = "--embedded", description = "Measure the embedded PostgreSQL (started in a temporary directory) instead of --url.")
    boolean embedded;

    @Option(names = "--samples", defaultValue = "2000000", description = "Samples per run (default ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--nodes", defaultValue = "1000", description = "Nodes of the made-up fleet (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--series-per-node", defaultValue = "50", description = "Series each node has (default ${DEFAULT-VALUE}).")
    int seriesPerNode;

    @Option(names = "--batch", defaultValue = "50000", description = "Samples per appended batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--runs", defaultValue = "3", description = "Timed runs after the warm-up; the median is reported (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--writers", defaultValue = "1",
            description = "Threads appending batches at once, each on its own connection (default ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--parse-millis", defaultValue = "2000",
            description = "CPU milliseconds each parser is timed for, after as long a warm-up (default ${DEFAULT-VALUE}).")
    int parseMillis;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        IngestBench.Settings settings = settings();
        PrintWriter out = spec.commandLine().getOut();
        IngestReport report = embedded ? onEmbedded(settings, out) : onServer(url, settings, out);
        out.printf("ingest: %d samples per run over %d series (%d nodes x %d), batches of %d, %d writer(s), %s on %s%n",
                report.samplesPerRun(), report.series(), nodes, seriesPerNode, report.batchSize(), writers,
                report.layout().layout().description(), report.server());
        out.printf("ingest: %.0f samples/s (median of %d runs after a warm-up at %.0f samples/s); rows stored: %d of %d%n",
                report.medianSamplesPerSecond(), report.runSamplesPerSecond().size(),
                report.warmUpSamplesPerSecond(), report.rowsStored(), report.samplesAppended());
        out.flush();
        for (ParseFigure figure : new ParseBench(Duration.ofMillis(parseMillis)).run()) {
            out.printf("parse %s: %.1f MB/s, %.0f samples/s (one thread, per CPU-second; %d-byte payload of %d samples)%n",
                    figure.source(), figure.megabytesPerSecond(), figure.samplesPerSecond(), figure.payloadBytes(),
                    figure.samplesPerPayload());
            out.flush();
        }
        if (report.rowsStored() != report.samplesAppended()) {
            // every batch was acknowledged, so a difference is a lost or doubled write: the figure means nothing
            spec.commandLine().getErr().printf("hearth: the store holds %d samples after %d were appended;"
                    + " the ingest figure is void%n", report.rowsStored(), report.samplesAppended());
            return 1;
        }
        return 0;
    }

    private IngestReport onServer(String serverUrl, IngestBench.Settings settings, PrintWriter out) {
        ThrowawayDatabase database;
        try {
            database = ThrowawayDatabase.create(serverUrl, new SecureRandom());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        out.printf("ingest: throw-away database %s on %s (dropped at the end)%n", database.name(),
                DataSources.redact(serverUrl));
        try (database; HikariDataSource dataSource = DataSources.pooled(database.url())) {
            return new IngestBench(dataSource, Clock.systemUTC()).run(settings, line -> {
                out.println(line);
                out.flush();
            });
        } catch (DatabaseUnreachableException e) {
            throw new UserError(e.getMessage());
        }
    }

    private IngestReport onEmbedded(IngestBench.Settings settings, PrintWriter out) {
        try (ScratchDirectory directory = ScratchDirectory.create("hearth-bench-pg");
             EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory.path())) {
            return onServer(server.jdbcUrl(), settings, out);
        } catch (EmbeddedStoreException e) {
            throw new UserError(e.getMessage());
        }
    }

    private IngestBench.Settings settings() {
        CommandLine cli = spec.commandLine();
        check(cli, samples >= 1, "--samples is " + samples + "; give at least 1");
        check(cli, nodes >= 1, "--nodes is " + nodes + "; give at least 1");
        check(cli, seriesPerNode >= 1, "--series-per-node is " + seriesPerNode + "; give at least 1");
        check(cli, batch >= 1, "--batch is " + batch + "; give at least 1 (50000 is a good size)");
        check(cli, runs >= 1, "--runs is " + runs + "; give at least 1 (3 gives a median)");
        check(cli, writers >= 1 && writers <= 64, "--writers is " + writers + "; give 1 to 64");
        check(cli, parseMillis >= 1, "--parse-millis is " + parseMillis + "; give at least 1");
        return new IngestBench.Settings(samples, nodes, seriesPerNode, batch, runs, writers);
    }

    private static void check(CommandLine cli, boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(cli, message);
        }
    }
}
