package dev.hearth.controlplane.fleet;

import dev.hearth.collector.CollectionResult;
import dev.hearth.collector.Collector;
import dev.hearth.collector.store.PostgresMetricStore;
import dev.hearth.model.Finding;
import dev.hearth.model.MetricCatalogue;
import dev.hearth.remediation.AuditEntry;
import dev.hearth.remediation.FleetFacts;
import dev.hearth.remediation.Remediator;
import dev.hearth.rules.Evaluation;
import dev.hearth.rules.FindingTracker;
import dev.hearth.rules.FiringLog;
import dev.hearth.rules.RuleCycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The control loop: collect → store → evaluate → act, once per interval. Cycle times are aligned to
 * the interval (as Prometheus aligns scrapes), so a rule window of 30 s spans exactly 30 s of samples.
 */
public final class ControlLoop implements AutoCloseable {
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    /** Buckets of the cycle time histogram: from an idle fleet's few milliseconds to cycles past the interval. */
    static final Duration[] CYCLE_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Collector collector;
    private final RuleCycle rules;
    private final Remediator remediator;
    private final Supplier<FleetFacts> facts;
    private final PostgresMetricStore store;
    private final Clock clock;
    private final Duration interval;
    private final Duration retention;
    private final Consumer<String> events;
    private final Timer cycleTime;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "control-loop");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<TickResult> last = new AtomicReference<>();
    private Instant lastPrune = Instant.EPOCH;
    private final FindingTracker tracker = new FindingTracker();
    private final FiringLog firings;
    private List<String> lastProblems = List.of();

    /** @param events receives one line per remediation decision and per failed cycle */
    /** @param facts what remediation reads of the fleet besides node states, once per cycle */
    public ControlLoop(Collector collector, RuleCycle rules, FiringLog firings, Remediator remediator,
                       Supplier<FleetFacts> facts, PostgresMetricStore store, Clock clock, Duration interval,
                       Duration retention, Consumer<String> events, MeterRegistry registry) {
        this.collector = collector;
        this.rules = rules;
        this.firings = firings;
        this.remediator = remediator;
        this.facts = facts;
        this.store = store;
        this.clock = clock;
        this.interval = interval;
        this.retention = retention;
        this.events = events;
        this.cycleTime = Timer.builder(MetricCatalogue.CONTROL_LOOP_DURATION.meterName())
                .description(MetricCatalogue.CONTROL_LOOP_DURATION.help()).serviceLevelObjectives(CYCLE_BUCKETS)
                .register(registry);
    }

    public void start() {
        long period = interval.toMillis();
        long delay = period - Math.floorMod(clock.millis(), period);
        scheduler.scheduleAtFixedRate(this::safeTick, delay, period, TimeUnit.MILLISECONDS);
    }

    /** One cycle at {@code at}; public so tests can drive the loop without a scheduler. */
    public TickResult tick(Instant at) {
        long start = System.nanoTime();
        CollectionResult collected = collector.collectOnce(at);
        Evaluation evaluation = rules.evaluate(at);
        record(evaluation);
        // one finding per node and kind while its condition holds, keeping the time it began
        List<Finding> findings = tracker.update(at, evaluation.findings()).active();
        List<AuditEntry> decisions = remediator.onFindings(findings, facts.get(), at);
        for (AuditEntry d : decisions) {
            events.accept(describe(d));
        }
        if (Duration.between(lastPrune, at).compareTo(PRUNE_EVERY) >= 0) {
            store.applyRetention(at.minus(retention));
            firings.deleteBefore(at.minus(retention));
            lastPrune = at;
        }
        TickResult result = new TickResult(at, collected, findings, decisions);
        last.set(result);
        cycleTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return result;
    }

    /**
     * Stores the evaluation's firings for the audit, and reports its problems (facts refused, rules left
     * out) when they change, not every cycle. Neither may stop the loop from acting on the findings.
     */
    private void record(Evaluation evaluation) {
        try {
            firings.append(evaluation);
        } catch (RuntimeException e) {
            events.accept("rule firings at " + evaluation.at() + " were not recorded: " + e.getMessage());
        }
        List<String> problems = evaluation.problems().stream().map(String::valueOf).toList();
        if (!problems.equals(lastProblems)) {
            problems.forEach(p -> events.accept("rules: " + p));
            lastProblems = problems;
        }
    }

    /** The latest cycle, or {@code null} before the first one. */
    public TickResult last() {
        return last.get();
    }

    private void safeTick() {
        Instant now = clock.instant();
        Instant aligned = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(),
                interval.toMillis()));
        try {
            tick(aligned);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // one failed cycle (e.g. the database restarting) must not stop the loop: an exception escaping
            // here would cancel the schedule silently; a cycle cut short by shutting down is no failure
            if (!scheduler.isShutdown()) {
                events.accept("control loop cycle at " + aligned + " failed: " + e);
            }
        }
    }

    private static String describe(AuditEntry d) {
        String action = d.action().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String what = switch (d.outcome()) {
            case EXECUTED -> switch (d.action()) {
                case ISOLATE -> "isolated";
                case RESTORE -> "restored";
                default -> "did " + action + " for";
            };
            case REFUSED -> "refused to " + action;
            case DEFERRED -> "deferred " + action + " of";
            case FAILED -> "failed to " + action;
            case PENDING_APPROVAL -> "awaiting approval (" + d.actionId() + ") to " + action;
            case REJECTED -> "rejected " + action + " of";
            case EXPIRED -> "expired approval to " + action;
            case DRY_RUN -> "dry run: " + action;
            case NOT_APPLICABLE -> "cannot " + action;
        };
        return what + " " + d.node() + ": " + (d.rule() == null ? "" : d.rule() + " — ") + d.reason();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
