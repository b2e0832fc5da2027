package dev.hearth.rules;

import dev.hearth.model.MetricCatalogue;
import dev.hearth.rules.authoring.RuleCompiler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a {@link RuleEngine} running the rules of a directory: each look reads the directory, and when
 * any rule file was added, removed or changed, compiles it and swaps the engine's rules in one step.
 * A directory that cannot be read or does not compile is reported (a log line, the
 * {@code hearth_rules_reload_failures_total} counter, {@link #last()}) and the engine keeps the rules
 * it had. Files are compared by content, not modification time, so an editor that saves twice within
 * one second, or a copy that keeps old times, is still seen.
 */
public final class RuleReloader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RuleReloader.class.getName());
    private final Path directory;
    private final RuleEngine engine;
    private final RuleCompiler compiler;
    private final Clock clock;
    private final Counter failures;
    private RulePack lastSeen;
    private List<RuleProblem> lastProblems = List.of();
    /** The last look could not read the directory (as opposed to: read it, and it did not compile). */
    private boolean unreadable;
    private volatile ReloadResult last;
    private ScheduledFuture<?> schedule;

    /** @param engine runs the directory's rules already, or others that the first change replaces */
    public RuleReloader(Path directory, RuleEngine engine, RuleCompiler compiler, MeterRegistry registry, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.compiler = Objects.requireNonNull(compiler, "compiler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failures = Counter.builder(MetricCatalogue.RULES_RELOAD_FAILURES.meterName())
                .description(MetricCatalogue.RULES_RELOAD_FAILURES.help()).register(registry);
        this.lastSeen = engine.rules().pack();
    }

    /** Looks at the directory now; what the scheduled looks do, callable from tests and the admin API. */
    public synchronized ReloadResult reloadNow() {
        RulePack pack;
        try {
            pack = RulePack.fromDirectory(directory);
        } catch (RuleCompilationException e) {
            return failed(null, e.problems());
        }
        if (pack.equals(lastSeen) && unreadable) {
            unreadable = false; // the directory is readable again, as it was when its rules were loaded
            lastProblems = List.of();
            return remember(result(ReloadResult.Outcome.LOADED, List.of()));
        }
        if (pack.equals(lastSeen)) {
            return result(ReloadResult.Outcome.UNCHANGED, List.of());
        }
        try {
            CompiledRules compiled = compiler.compile(pack);
            engine.replace(compiled);
            lastSeen = pack;
            lastProblems = List.of();
            unreadable = false;
            ReloadResult r = remember(result(ReloadResult.Outcome.LOADED, List.of()));
            LOG.log(System.Logger.Level.INFO, "rules reloaded from {0}: {1} rules in {2}", directory, r.rules(),
                    String.join(", ", r.files()));
            return r;
        } catch (RuleCompilationException e) {
            return failed(pack, e.problems());
        }
    }

    /** The last look that loaded rules or failed, or empty before any did. */
    public Optional<ReloadResult> last() {
        return Optional.ofNullable(last);
    }

    /** Looks every {@code every} on {@code scheduler} until closed. */
    public synchronized RuleReloader start(ScheduledExecutorService scheduler, Duration every) {
        if (schedule != null) {
            throw new IllegalStateException("the reloader of " + directory + " is already started");
        }
        schedule = scheduler.scheduleWithFixedDelay(this::reloadOnSchedule, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    private void reloadOnSchedule() {
        try {
            reloadNow();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log and keep looking
            LOG.log(System.Logger.Level.ERROR, "reloading rules from " + directory + " failed unexpectedly", e);
        }
    }

    private ReloadResult failed(RulePack pack, List<RuleProblem> problems) {
        if (pack != null ? pack.equals(lastSeen) : problems.equals(lastProblems)) {
            return result(ReloadResult.Outcome.UNCHANGED, List.of()); // already reported
        }
        if (pack != null) {
            lastSeen = pack;
        }
        unreadable = pack == null;
        lastProblems = problems;
        failures.increment();
        ReloadResult r = remember(result(ReloadResult.Outcome.FAILED, problems));
        LOG.log(System.Logger.Level.WARNING, "rules in {0} were not reloaded, the previous {1} rules keep running:\n{2}",
                directory, r.rules(), String.join("\n", problems.stream().map(RuleProblem::toString).toList()));
        return r;
    }

    private ReloadResult result(ReloadResult.Outcome outcome, List<RuleProblem> problems) {
        CompiledRules running = engine.rules();
        return new ReloadResult(clock.instant(), outcome, running.files().stream().map(RuleFile::name).toList(),
                running.ruleCount(), problems);
    }

    private ReloadResult remember(ReloadResult r) {
        last = r;
        return r;
    }

    @Override
    public synchronized void close() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
