package dev.hearth.controlplane.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.hearth.collector.query.MetricQueries;
import dev.hearth.collector.store.DataSources;
import dev.hearth.collector.store.EmbeddedPostgresServer;
import dev.hearth.collector.store.EmbeddedStoreException;
import dev.hearth.collector.StoreUnavailableException;
import dev.hearth.controlplane.rules.ReplayReport;
import dev.hearth.controlplane.rules.RuleReplay;
import dev.hearth.controlplane.rules.StoreMetricHistory;
import dev.hearth.model.Finding;
import dev.hearth.rules.RuleCompilationException;
import dev.hearth.rules.RuleEngine;
import dev.hearth.rules.RulePack;
import dev.hearth.rules.fleet.FleetFactsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Run rules over stored history and report what they would have done: findings, actions,",
                "nodes affected and error budget spent. Nothing is acted on.",
                "Reads the embedded store under --data-dir (stop the local fleet first) or the database --db."})
public final class RulesReplayCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "TIME",
            description = "Start: an instant (2026-11-28T10:00:00Z) or a time before now (90m, 6h).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End, written as --from (default: now).")
    String to;

    @Option(names = "--step", defaultValue = "15s", converter = DurationConverter.class,
            description = "Time between evaluations (default ${DEFAULT-VALUE}; the local fleet evaluates every 2s).")
    Duration step;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules to replay (default: the built-in packs).")
    Path rules;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "The store's database, e.g. "
            + "jdbc:postgresql://127.0.0.1:5432/hearth?user=postgres (default: the embedded store under --data-dir).")
    String db;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the embedded store keeps its data (default: $HEARTH_HOME or ~/.hearth).")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Clock clock;

    public RulesReplayCommand() {
        this(Clock.systemUTC());
    }

    RulesReplayCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        Instant now = clock.instant();
        Instant start = time("--from", from, now);
        Instant end = to == null ? now : time("--to", to, now);
        if (!start.isBefore(end)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from " + start + " is not before --to "
                    + end + ": give a span to replay");
        }
        if (step.isZero() || Duration.between(start, end).dividedBy(step) > 100_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--step " + step + " makes more than 100,000 "
                    + "evaluations over " + Duration.between(start, end) + "; give a longer step");
        }
        if (rules != null && !Files.isDirectory(rules)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rules '" + rules + "' is not a directory: "
                    + "name the directory that holds the .drl and .dslr files");
        }
        if (db != null && !db.startsWith("jdbc:postgresql://")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--db '" + db
                    + "' is not a PostgreSQL JDBC URL: use jdbc:postgresql://HOST:PORT/DATABASE?user=USER");
        }
        RuleEngine engine;
        try {
            engine = new RuleEngine(rules == null ? RulePack.builtIn() : RulePack.fromDirectory(rules),
                    new SimpleMeterRegistry());
        } catch (RuleCompilationException e) {
            throw new UserError(e.getMessage());
        }
        EmbeddedPostgresServer embedded = null;
        try {
            String url = db;
            if (url == null) {
                Path dir = dataDir != null ? dataDir : Path.of(System.getenv().getOrDefault("HEARTH_HOME",
                        System.getProperty("user.home") + "/.hearth"));
                if (!Files.isDirectory(dir.resolve("pgdata"))) {
                    throw new UserError("no embedded store under " + dir + " (no pgdata directory): run ./hearth up "
                            + "first, or give --data-dir or --db");
                }
                embedded = EmbeddedPostgresServer.start(dir.resolve("pgdata"));
                url = embedded.jdbcUrl();
            }
            try (HikariDataSource dataSource = DataSources.pooled(url)) {
                RuleReplay replay = new RuleReplay(engine, new StoreMetricHistory(new MetricQueries(dataSource), true),
                        FleetFactsConfig.defaults());
                print(replay.replay(start, end, step));
            }
            return 0;
        } catch (EmbeddedStoreException | StoreUnavailableException e) {
            throw new UserError(e.getMessage());
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void print(ReplayReport r) {
        PrintWriter out = spec.commandLine().getOut();
        double span = Duration.between(r.from(), r.to()).toMillis() / 1000.0;
        out.printf("replayed %s .. %s: %d evaluations every %s%n", r.from(), r.to(), r.evaluations(), step);
        out.printf("findings: %d opened%s%n", r.opened().size(),
                r.shadow().isEmpty() ? "" : ", " + r.shadow().size() + " more from shadow rules (not acted on)");
        for (Finding f : r.opened()) {
            out.printf("  %s  %-9s %-8s %s — %s (%s)%n", f.since(), f.severity(), f.node(), f.kind(), f.rule(),
                    f.suggestedAction().name().toLowerCase(java.util.Locale.ROOT));
        }
        for (Finding f : r.shadow()) {
            out.printf("  %s  shadow    %-8s %s — %s%n", f.since(), f.node(), f.kind(), f.rule());
        }
        out.printf("actions it would have suggested: %s%n", r.actions().isEmpty() ? "none" : r.actions());
        out.printf("nodes affected: %s%n", r.nodes().isEmpty() ? "none" : String.join(", ", r.nodes()));
        if (r.budgets().isEmpty()) {
            out.println("error budget: no gateway traffic stored in the span");
        }
        for (ReplayReport.BudgetSpent b : r.budgets()) {
            out.printf("error budget (%s, objective %.2f %%): %.3f %% of %,.0f requests bad, burn rate %.2fx,"
                            + " %.4f %% of a 30-day budget%n", b.slo(), b.objective() * 100, b.badRatio() * 100,
                    b.requests(), b.burnRate(), b.shareOf30Days(span) * 100);
        }
        r.problems().forEach(p -> out.println("problem: " + p));
        out.flush();
    }

    private Instant time(String option, String value, Instant now) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return now.minus(new DurationConverter().convert(value));
            } catch (CommandLine.TypeConversionException notADuration) {
                throw new CommandLine.ParameterException(spec.commandLine(), option + " '" + value + "' is neither "
                        + "an instant such as 2026-11-28T10:00:00Z nor a time before now such as 90m or 6h");
            }
        }
    }
}
